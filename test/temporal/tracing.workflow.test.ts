import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { inject } from 'vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite';
import { LAYERS, taskQueueFor } from '../../src/layers';
import { startSupplierSimulator } from '../../src/simulators/supplier-report-delivery';
import { bundleWorkflows } from '../../src/temporal/bundle';
import { installTracing, shutdownTracing } from '../../src/temporal/tracing';
import { createLayerWorkers, runWorkers } from '../../src/temporal/workers';
import { ETOM_BUSINESS_ID, ETOM_ID, ETOM_LAYER } from '../../src/telemetry/etom-spans';
import { OFFERS, eventually, orderFor, submit } from '../support/fulfilment';
import { connections, type TestRuntime } from '../support/runtime';

// Before any client or worker is made: this file's process traces into memory.
const exporter = new InMemorySpanExporter();
installTracing({ exporter });
afterAll(() => shutdownTracing());

const attr = (s: ReadableSpan, key: string) => s.attributes[key];

describe('tracing: one product order is one trace across the four layers', () => {
  it('a VPN order (CRM → SM&O → RM&O, and S/PRM buys the access circuit) is one trace; every span names its eTOM process', async () => {
    // The shared bundle is built without tracing; this one has the tracing workflow interceptors.
    const bundle = await bundleWorkflows();
    const { client, native } = await connections();
    const store = createSqliteStore({ filename: ':memory:' });
    const prefix = `tr${Date.now().toString(36)}`;
    const rt: TestRuntime = {
      client,
      store,
      prefix,
      queue: (layer) => taskQueueFor(layer, prefix),
      id: (name) => `${name}-${prefix}`,
    };
    const workers = await createLayerWorkers({
      connection: native,
      namespace: inject('temporalNamespace'),
      ports: store.ports,
      taskQueuePrefix: prefix,
      workflowBundle: { code: bundle.code },
    });
    // The supplier answers from outside the trace, by signal, as in production.
    const suppliers = startSupplierSimulator({
      db: store.db,
      clock: () => new Date(),
      deliver: (workflowId, signal, report) => client.workflow.getHandle(workflowId).signal(signal, report),
      intervalMs: 100,
    });
    let orderId = '';
    try {
      await runWorkers(
        workers,
        (async () => {
          const handle = await submit(rt, orderFor(rt, 'vpn', OFFERS.vpn));
          orderId = handle.workflowId;
          expect((await handle.result()).state).toBe('completed');
          // The order's run span leaves its sandbox through the sink once its last task is done.
          await eventually(
            async () => exporter.getFinishedSpans().some((s) => s.name === 'RunWorkflow:productOrder'),
            "the order's RunWorkflow span",
          );
        })(),
      );
    } finally {
      await suppliers.stop();
      store.close();
    }

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
