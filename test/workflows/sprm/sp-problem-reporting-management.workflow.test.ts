import { type WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { PartnerProblemRequest, type PartnerProblemRequestInput } from '../../../src/domain/assurance/messages';
import { DEMO_ASSURANCE_TIMINGS, type AssuranceTimingsInput } from '../../../src/domain/assurance/timings';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { injectSupplierFault } from '../../../src/simulators/supplier-behaviour';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { getPartnerProblemQuery } from '../../../workflows/shared/assurance-messages';
import type { partnerProblem } from '../../../workflows/sprm/sp-problem-reporting-management';
import type { partnerPerformance } from '../../../workflows/sprm/sp-performance-management';
import { eventually } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const CIRCUIT = 'AC-MRS-ALPHA-IB06';
/** S/PRM alone, over the installed base (the Marseille VPN runs on Alpha's circuit, PO-IB06-AC). */
const sprmOnly = { layers: ['sprm'] as const, installedBase: true };

function start(
  rt: TestRuntime,
  name: string,
  over: { replyTo?: string; timings?: AssuranceTimingsInput } = {},
): Promise<WorkflowHandle<typeof partnerProblem>> {
  const partnerProblemId = rt.id(name);
  const req: PartnerProblemRequestInput = {
    partnerProblemId,
    serviceProblemId: rt.id(`SP-${name}`),
    serviceId: 'SVC-IB06-1',
    customerId: 'CUST-1002',
    supplierId: 'SUP-ALPHA',
    requisitionId: 'PO-IB06-AC',
    resourceId: CIRCUIT,
    description: 'loss of signal on the Marseille access circuit',
    replyTo: { workflowId: over.replyTo ?? rt.id('no-such-service-problem') },
    timings: { ...DEMO_ASSURANCE_TIMINGS, ...over.timings },
  };
  return rt.client.workflow.start<typeof partnerProblem>('partnerProblem', {
    taskQueue: rt.queue('sprm'),
    workflowId: partnerProblemId,
    args: [PartnerProblemRequest.parse(req)],
  });
}

const problemRow = (rt: TestRuntime, id: string) =>
  rt.store.db
    .prepare('SELECT state, escalated, reopened, supplier_reference, resolution FROM partner_problems WHERE id = ?')
    .get(id) as Record<string, unknown>;
const eventKinds = (rt: TestRuntime, id: string) =>
  rt.store.db
    .prepare('SELECT kind FROM partner_problem_events WHERE partner_problem_id = ? ORDER BY seq')
    .pluck()
    .all(id) as string[];
const faultsOn = (rt: TestRuntime, target: string) =>
  rt.store.db.prepare('SELECT COUNT(*) FROM simulator_faults WHERE target = ?').pluck().get(target) as number;
const etomIds = async (rt: TestRuntime, workflowId: string) =>
  [...new Set((await traceProcesses(rt.client, workflowId)).map((p) => p.etomId))].sort();

/** The partner problem updates a workflow received, as its history recorded them. */
async function updatesReceived(
  rt: TestRuntime,
  workflowId: string,
): Promise<Array<{ state: string; process: string }>> {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  const converter = rt.client.options.loadedDataConverter;
  const out: Array<{ state: string; process: string }> = [];
  for (const e of history.events ?? []) {
    const s = e.workflowExecutionSignaledEventAttributes;
    if (s?.signalName !== 'partnerProblemUpdate') continue;
    const [update] = (await Promise.all(
      (s.input?.payloads ?? []).map((p) => converter.payloadConverter.fromPayload(p)),
    )) as Array<{ state: string; process: string }>;
    out.push({ state: update!.state, process: update!.process });
  }
  return out;
}

describe('partnerProblem (1.A.4.3 S/P Problem Reporting & Management) on the S/PRM queue', () => {
  it('reports a supplier fault, passes the supplier’s reports on, confirms its fix by test and closes', async () => {
    await withWorkers(async (rt) => {
      // The process waiting for our updates: here another partner problem, on a supplier that says
      // nothing and a target far away, so it simply waits (it is cancelled at the end).
      injectSupplierFault(rt.store.db, 'SUP-ALPHA', 'silent', 1);
      const waiting = await start(rt, 'pp-waiting', {
        timings: { supplierResolutionTarget: '10 minutes', supplierPollInterval: '10 minutes' },
      });
      await eventually(async () => (await waiting.query(getPartnerProblemQuery)).supplierReference, 'reported');

      injectFault(rt.store.db, CIRCUIT, 'testResource', UNTIL_REPAIRED);
      expect((await rt.store.ports.networkActivation.testResource(CIRCUIT)).passed).toBe(false);
      const h = await start(rt, 'pp-fixed', { replyTo: waiting.workflowId });
      const result = await h.result();

      expect(result).toMatchObject({
        partnerProblemId: h.workflowId,
        state: 'closed',
        escalated: false,
        supplierReference: 'ALPHA-TT-000002',
        resolution: expect.stringContaining('test passed'),
      });
      expect(problemRow(rt, h.workflowId)).toMatchObject({ state: 'closed', escalated: 0, reopened: 0 });
      expect(eventKinds(rt, h.workflowId)).toEqual([
        'reported',
        'supplier:acknowledged',
        'supplier:inProgress',
        'supplier:resolved',
        'fixConfirmed',
      ]);
      // The supplier really fixed its circuit: the fault is gone and the circuit tests clean.
      expect(faultsOn(rt, CIRCUIT)).toBe(0);
      expect((await rt.store.ports.networkActivation.testResource(CIRCUIT)).passed).toBe(true);
      expect(rt.store.db.prepare('SELECT status FROM supplier_problems WHERE id = ?').pluck().get(h.workflowId)).toBe(
        'closed',
      );
      // SM&O heard every step (1.A.4.3.2 passes the supplier's word on, 1.A.4.3.3 the confirmation).
      expect(await updatesReceived(rt, waiting.workflowId)).toEqual([
        { state: 'reported', process: '1.A.4.3.1' },
        { state: 'acknowledged', process: '1.A.4.3.2' },
        { state: 'inProgress', process: '1.A.4.3.2' },
        { state: 'resolved', process: '1.A.4.3.2' },
        { state: 'closed', process: '1.A.4.3.3' },
      ]);
      expect(await etomIds(rt, h.workflowId)).toEqual(['1.A.4.3.1', '1.A.4.3.2', '1.A.4.3.3']);

      // The one waiting is cancelled (its service problem was): withdrawn with the supplier.
      await waiting.cancel();
      const failure = await waiting.result().catch((e: unknown) => e);
      expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect(problemRow(rt, waiting.workflowId)).toMatchObject({ state: 'cancelled' });
      expect(
        rt.store.db.prepare('SELECT status FROM supplier_problems WHERE id = ?').pluck().get(waiting.workflowId),
      ).toBe('closed');
    }, sprmOnly);
  });

  it('asks a silent supplier, escalates when the target passes, and closes once the escalated fix is confirmed', async () => {
    await withWorkers(async (rt) => {
      injectSupplierFault(rt.store.db, 'SUP-ALPHA', 'silent', 1);
      injectFault(rt.store.db, CIRCUIT, 'testResource', UNTIL_REPAIRED);
      const periodStart = new Date().toISOString();
      // Nobody waits for its updates: a missing SM&O must not stop the problem being worked.
      const h = await start(rt, 'pp-silent', {
        timings: { supplierResolutionTarget: '2 seconds', supplierPollInterval: '700 milliseconds' },
      });
      const result = await h.result();
      expect(result).toMatchObject({ state: 'closed', escalated: true });
      expect(problemRow(rt, h.workflowId)).toMatchObject({ state: 'closed', escalated: 1 });
      const kinds = eventKinds(rt, h.workflowId);
      expect(kinds.slice(0, 2)).toEqual(['reported', 'polled']);
      expect(kinds).toContain('escalated');
      expect(kinds.indexOf('escalated')).toBeLessThan(kinds.indexOf('supplier:resolved'));
      expect(kinds.at(-1)).toBe('fixConfirmed');
      expect(
        rt.store.db.prepare('SELECT escalations FROM supplier_problems WHERE id = ?').pluck().get(h.workflowId),
      ).toBe(1);
      expect(
        rt.store.db.prepare('SELECT recipient, subject FROM notifications WHERE reference = ?').all(h.workflowId),
      ).toEqual([{ recipient: 'orders@alpha-wholesale.example', subject: expect.stringContaining('Escalation') }]);
      expect(faultsOn(rt, CIRCUIT)).toBe(0);
      expect((await h.query(getPartnerProblemQuery)).detail).toContain('not delivered');
      expect(await etomIds(rt, h.workflowId)).toEqual(['1.A.4.3.1', '1.A.4.3.2', '1.A.4.3.3']);

      // S/P Performance Management over the period: the outage lasted past the target, far beyond
      // Alpha's 99.9 %: a restoration plan is asked for, and its rating falls (4 → 2: missed and escalated).
      await new Promise((r) => setTimeout(r, 10));
      const periodEnd = new Date().toISOString();
      const perf = rt.id('SPP-ALPHA');
      const scorecard = await rt.client.workflow.execute<typeof partnerPerformance>('partnerPerformance', {
        taskQueue: rt.queue('sprm'),
        workflowId: perf,
        args: [{ supplierId: 'SUP-ALPHA', periodStart, periodEnd }],
      });
      expect(scorecard).toMatchObject({
        supplierId: 'SUP-ALPHA',
        problems: 1,
        resolved: 1,
        escalations: 1,
        slaBp: 9990,
        slaMet: false,
        restorationReference: 'ALPHA-SIP-000001',
        ratingBefore: 4,
        ratingAfter: 2,
      });
      expect(scorecard.availabilityBp).toBeLessThan(9990);
      expect(rt.store.db.prepare("SELECT rating FROM suppliers WHERE id = 'SUP-ALPHA'").pluck().get()).toBe(2);
      expect(
        rt.store.db
          .prepare("SELECT COUNT(*) FROM supplier_improvement_plans WHERE supplier_id = 'SUP-ALPHA'")
          .pluck()
          .get(),
      ).toBe(1);
      expect(await etomIds(rt, perf)).toEqual(['1.A.4.4.1', '1.A.4.4.2', '1.A.4.4.3']);
    }, sprmOnly);
  });
});
