import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { LAYERS, taskQueueFor } from '../../src/layers';
import { bundleWorkflows } from '../../src/temporal/bundle';
import { installTracing, shutdownTracing } from '../../src/temporal/tracing';
import { ETOM_BUSINESS_ID, ETOM_ID, ETOM_LAYER } from '../../src/telemetry/etom-spans';
import { OFFERS, eventually, orderFor, submit } from '../support/fulfilment';
import { withWorkers } from '../support/runtime';

// Before any client or worker is made: this file's process traces into memory.
const exporter = new InMemorySpanExporter();
installTracing({ exporter });
afterAll(() => shutdownTracing());

const attr = (s: ReadableSpan, key: string) => s.attributes[key];

describe('tracing: one product order is one trace across the four layers', () => {
  it('a VPN order (CRM → SM&O → RM&O, and S/PRM buys the access circuit) is one trace; every span names its eTOM process', async () => {
    // The shared bundle is built without tracing; this one has the tracing workflow interceptors.
    // The supplier (withWorkers' simulator) answers by signal from outside the trace, as in production.
    const bundle = await bundleWorkflows();
    let orderId = '';
    let prefix = '';
    await withWorkers(
      async (rt) => {
        prefix = rt.prefix;
        const handle = await submit(rt, orderFor(rt, 'vpn', OFFERS.vpn));
        orderId = handle.workflowId;
        expect((await handle.result()).state).toBe('completed');
        // The order's run span leaves its sandbox through the sink once its last task is done.
        await eventually(
          async () => exporter.getFinishedSpans().some((s) => s.name === 'RunWorkflow:productOrder'),
          "the order's RunWorkflow span",
        );
      },
      { workflowBundle: { code: bundle.code } },
    );

    const spans = exporter.getFinishedSpans();
    // One trace: the client's start is its root, everything else hangs below it.
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    const roots = spans.filter((s) => !s.parentSpanId);
    expect(roots.map((s) => s.name)).toEqual(['StartWorkflow:productOrder']);
    expect(attr(roots[0]!, ETOM_BUSINESS_ID)).toBe(orderId);

    // The workflows' spans ran on all four task queues; every span names its process and layer.
    const queues = new Set(spans.map((s) => attr(s, 'taskQueue')).filter(Boolean));
    expect([...queues].sort()).toEqual(LAYERS.map((l) => taskQueueFor(l, prefix)).sort());
    expect(new Set(spans.map((s) => attr(s, ETOM_LAYER)))).toEqual(new Set(LAYERS));
    for (const s of spans) {
      expect(attr(s, ETOM_ID), s.name).toMatch(/^1\.[A-Z]+\.\d/);
      expect(attr(s, ETOM_BUSINESS_ID), s.name).toBeTruthy();
    }
    const one = (name: string) => spans.find((s) => s.name === name);
    expect(attr(one('RunActivity:authorizeCredit')!, ETOM_ID)).toBe('1.F.1.5.2');
    expect(attr(one('RunWorkflow:serviceOrder')!, ETOM_ID)).toBe('1.F.2.2');
    expect(attr(one('RunWorkflow:resourceOrder')!, ETOM_LAYER)).toBe('rmo');
    expect(attr(one('RunWorkflow:partnerOrder')!, ETOM_ID)).toBe('1.F.4.2');
    // The supplier's delivery report (a signal from outside) is drawn in the order's trace.
    expect(one('HandleSignal:supplierReport')).toBeDefined();
    // A workflow's span carries ids, never its memo, search attributes or arguments.
    for (const s of spans) for (const v of Object.values(s.attributes)) expect(typeof v).not.toBe('object');
  }, 180_000);
});
