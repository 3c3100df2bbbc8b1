import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { freePort, startTemporal } from '../../src/temporal/dev-server';
import { runTrace } from '../../src/cli/trace';
import { buildTrace } from '../../src/trace/build';
import { clientSource } from '../../src/trace/history';
import { renderMermaid } from '../../src/trace/mermaid';
import { type Trace, TraceSchema } from '../../src/trace/model';
import { OFFERS, eventually, orderFor, submit } from '../support/fulfilment';
import { withWorkers } from '../support/runtime';
import { parseSequenceDiagram } from './mermaid-syntax';
import { getCustomerRelationshipQuery } from '../../workflows/shared/lifecycle-messages';

/**
 * What the histories hold, read here without the trace's code: the tree of children from the
 * root, every activity each scheduled and every child each started.
 */
async function fromHistories(client: Client, root: string) {
  const workflows: string[] = [];
  const activities: string[] = [];
  const children: string[] = [];
  const visit = async (id: string): Promise<void> => {
    workflows.push(id);
    const history = await client.workflow.getHandle(id).fetchHistory();
    const started: string[] = [];
    for (const e of history.events ?? []) {
      const a = e.activityTaskScheduledEventAttributes;
      if (a) activities.push(`${id} ${a.activityType?.name}`);
      const c = e.startChildWorkflowExecutionInitiatedEventAttributes;
      if (c) children.push(`${id} ${c.workflowId}`);
      const s = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId;
      if (s) started.push(s);
    }
    for (const s of started) await visit(s);
  };
  await visit(root);
  return { workflows: workflows.sort(), activities: activities.sort(), children: children.sort() };
}

function expectSameAsHistories(trace: Trace, histories: Awaited<ReturnType<typeof fromHistories>>) {
  expect(
    trace.workflows
      .filter((w) => w.inTree)
      .map((w) => w.workflowId)
      .sort(),
  ).toEqual(histories.workflows);
  expect(trace.steps.map((s) => `${s.workflowId} ${s.activity}`).sort()).toEqual(histories.activities);
  expect(
    trace.arrows
      .filter((a) => a.kind === 'child')
      .map((a) => `${a.from.workflowId} ${a.to.workflowId}`)
      .sort(),
  ).toEqual(histories.children);
  expect(trace.missing).toEqual([]);
  expect(trace.truncated).toBe(false);
}

/** `etom trace` itself, against the test server, its stdout captured. */
async function cli(args: string[]): Promise<string> {
  const env = { address: process.env['TEMPORAL_ADDRESS'], namespace: process.env['TEMPORAL_NAMESPACE'] };
  process.env['TEMPORAL_ADDRESS'] = inject('temporalAddress');
  process.env['TEMPORAL_NAMESPACE'] = inject('temporalNamespace');
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  try {
    expect(await runTrace(args)).toBe(0);
  } finally {
    process.stdout.write = write;
    for (const [key, value] of [
      ['TEMPORAL_ADDRESS', env.address],
      ['TEMPORAL_NAMESPACE', env.namespace],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return out;
}

describe('etom trace with no Temporal server running', () => {
  it("reads the data dir's own database through a server started for the trace", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-trace-offline-'));
    const cfg = loadConfig({ ETOM_DATA_DIR: dir, TEMPORAL_NAMESPACE: 'default' });
    const dbFile = path.join(dir, 'temporal.db');
    // A run left in the data dir by an earlier `etom dev`: an order no worker has picked up yet.
    const earlier = await startTemporal({ ...cfg, temporalPort: await freePort() }, { dbFile, ui: false });
    const connection = await Connection.connect({ address: earlier.address });
    const workflowId = `ORD-OFFLINE-${path.basename(dir).slice(-6)}`;
    await new Client({ connection, namespace: 'default' }).workflow.start('productOrder', {
      workflowId,
      taskQueue: 'etom-crm',
      args: [{}],
    });
    await connection.close();
    await earlier.stop();

    const port = await freePort();
    const saved = { ...process.env };
    Object.assign(process.env, { ETOM_DATA_DIR: dir, TEMPORAL_PORT: String(port), TEMPORAL_NAMESPACE: 'default' });
    delete process.env['TEMPORAL_ADDRESS'];
    const write = process.stdout.write.bind(process.stdout);
    let out = '';
    process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
    try {
      expect(await runTrace([workflowId, '--json'])).toBe(0);
    } finally {
      process.stdout.write = write;
      process.env = saved;
    }
    const trace = TraceSchema.parse(JSON.parse(out));
    expect(trace.workflows.map((w) => [w.workflowId, w.type, w.lane, w.outcome])).toEqual([
      [workflowId, 'productOrder', 'crm', 'running'],
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});

describe('etom trace, from the histories of a real flow', () => {
  it('draws a VPN order: four layers, the supplier, 1.F.4.2.3 and the supplier report signal', async () => {
    await withWorkers(async (rt) => {
      const handle = await submit(rt, orderFor(rt, 'trace-vpn', OFFERS.vpn));
      expect((await handle.result()).state).toBe('completed');
      // Retention & Loyalty, handed the customer (an abandoned child), runs on its own time: wait
      // until it waits for the survey's answer, so the trace and the histories see one state.
      await eventually(
        async () =>
          (await rt.client.workflow.getHandle(`${handle.workflowId}.relationship`).query(getCustomerRelationshipQuery))
            .surveyId,
        'Retention & Loyalty waiting for the survey',
        60_000,
      );

      const trace = TraceSchema.parse(JSON.parse(await cli([handle.workflowId, '--json'])));
      expectSameAsHistories(trace, await fromHistories(rt.client, handle.workflowId));
      expect(trace.lanes).toEqual(['crm', 'smo', 'rmo', 'sprm', 'supplier']);
      expect(trace.steps.map((s) => s.process?.id)).toContain('1.F.4.2.3');
      expect(trace.steps.every((s) => s.process !== null && s.outcome === 'completed')).toBe(true);
      expect(trace.steps.some((s) => s.compensation)).toBe(false);

      const diagram = parseSequenceDiagram(await cli([handle.workflowId, '--format', 'mermaid']));
      expect([...diagram.participants.values()]).toEqual(['CRM', 'SM&O', 'RM&O', 'S/PRM', 'Supplier']);
      expect(diagram.messages).toContainEqual({
        from: 'supplier',
        arrow: '-)',
        to: 'sprm',
        text: 'signal supplierReport',
      });
      expect(diagram.messages.some((m) => m.from === 'sprm' && m.text.startsWith('1.F.4.2.3 Place & Track'))).toBe(
        true,
      );
      expect(
        diagram.messages.some((m) => m.from === 'smo' && m.to === 'sprm' && m.text.startsWith('start partnerOrder')),
      ).toBe(true);
      expect(await cli([handle.workflowId])).toMatch(/Supplier → S\/PRM\s+signal supplierReport/);
    });
  }, 120_000);

  it('marks a cancellation: the update and its reply, the cancelled children, the undos as compensations', async () => {
    await withWorkers(
      async (rt) => {
        const handle = await submit(rt, orderFor(rt, 'trace-cancel', OFFERS.vpn));
        await eventually(
          async () =>
            (rt.store.db
              .prepare("SELECT COUNT(*) FROM partner_orders WHERE state IN ('placed', 'confirmed')")
              .pluck()
              .get() as number) > 0,
          'the requisition to be placed',
        );
        await handle.executeUpdate('cancelProductOrder', { args: [{ reason: 'project postponed' }] });
        expect((await handle.result()).state).toBe('cancelled');

        const trace = await buildTrace(clientSource(rt.client), handle.workflowId);
        expectSameAsHistories(trace, await fromHistories(rt.client, handle.workflowId));
        expect(trace.lanes[0]).toBe('customer');
        const arrows = (kind: string) => trace.arrows.filter((a) => a.kind === kind);
        expect(arrows('update')).toEqual([
          expect.objectContaining({ name: 'cancelProductOrder', from: { lane: 'customer', workflowId: null } }),
        ]);
        expect(arrows('reply')).toEqual([
          expect.objectContaining({ name: 'cancelProductOrder', to: { lane: 'customer', workflowId: null } }),
        ]);
        // CRM cancels its service order, which cancels its partner order at S/PRM.
        expect(arrows('cancel').map((a) => `${a.from.lane}->${a.to.lane}`)).toEqual(
          expect.arrayContaining(['crm->smo', 'smo->sprm']),
        );
        expect(arrows('child').some((a) => a.name === 'partnerOrder' && a.outcome === 'cancelled')).toBe(true);
        const undone = trace.steps.filter((s) => s.compensation);
        expect(undone.length).toBeGreaterThan(0);
        expect(undone.every((s) => ['undo', 'release', 'deactivate', 'cancel', 'delete'].includes(s.action!))).toBe(
          true,
        );
        const diagram = parseSequenceDiagram(renderMermaid(trace));
        expect(diagram.notes.some((n) => n.text.startsWith('compensation: '))).toBe(true);
        expect(diagram.messages.some((m) => m.arrow === '-x' && m.text === 'cancellation requested')).toBe(true);
      },
      { supplierSpeed: 100_000 },
    );
  }, 120_000);
});
