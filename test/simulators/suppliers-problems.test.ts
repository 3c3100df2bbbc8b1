import { beforeEach, describe, expect, it } from 'vitest';
import type { ProblemReport } from '../../src/ports/partner-gateway';
import { injectFault, UNTIL_REPAIRED } from '../../src/simulators/network';
import { injectSupplierFault } from '../../src/simulators/supplier-behaviour';
import { startSupplierSimulator } from '../../src/simulators/supplier-report-delivery';
import { kindOf, START, until, useSuppliers } from './suppliers-support';

/**
 * The simulated suppliers' side of a problem reported to them: acknowledged, worked and resolved,
 * silent until escalated, reopened, and the reports the delivery loop sends back.
 */

const { t, suppliers, advance, at, inDays, requisition } = useSuppliers();
const { count, value, clock } = t;

describe('problems reported to the suppliers', () => {
  const problemOutbox = (id = 'PP-1') =>
    t.store.db
      .prepare(
        "SELECT json_extract(report, '$.status') AS status, due_at AS dueAt, sent_at AS sentAt FROM supplier_problem_outbox WHERE problem_id = ? ORDER BY due_at, seq",
      )
      .all(id) as Array<{ status: string; dueAt: string; sentAt: string | null }>;
  const faults = (target: string) => count('SELECT COUNT(*) FROM simulator_faults WHERE target = ?', target);
  const problem = (overrides: Partial<ProblemReport> = {}): ProblemReport => ({
    partnerProblemId: 'PP-1',
    supplierId: 'SUP-ALPHA',
    requisitionId: 'REQ-1',
    resourceId: 'AC-1',
    description: 'no light on the access circuit',
    replyToWorkflowId: 'pp-wf',
    ...overrides,
  });

  beforeEach(async () => {
    await suppliers.placeRequisition('k', requisition());
  });

  it('acknowledges, works and resolves a problem, "later" scaled by the speed, and its fix clears the faults once', async () => {
    injectFault(t.store.db, 'AC-1', 'testResource', UNTIL_REPAIRED);
    const reported = await suppliers.reportProblem('p', problem());
    expect(reported).toMatchObject({ supplierReference: 'ALPHA-TT-000001', status: 'reported', escalations: 0 });
    await suppliers.reportProblem('p', problem());
    expect(problemOutbox()).toEqual([
      { status: 'acknowledged', dueAt: at(1 / 48), sentAt: null },
      { status: 'inProgress', dueAt: at(1 / 24), sentAt: null },
      { status: 'resolved', dueAt: at(0.25), sentAt: null },
    ]);
    advance(0.1);
    expect(await suppliers.problemStatus('PP-1')).toMatchObject({ status: 'inProgress' });
    expect(faults('AC-1')).toBe(1);
    advance(0.2);
    expect(await suppliers.problemStatus('PP-1')).toMatchObject({ status: 'resolved' });
    expect(faults('AC-1')).toBe(0);
    // A new fault after the fix is a new problem: the old fix does not clear it.
    injectFault(t.store.db, 'AC-1', 'testResource', UNTIL_REPAIRED);
    await suppliers.problemStatus('PP-1');
    expect(faults('AC-1')).toBe(1);
  });

  it('refuses a problem on a requisition it does not know', async () => {
    await expect(suppliers.reportProblem('p', problem({ requisitionId: 'REQ-404' }))).rejects.toMatchObject({
      type: 'NotFound',
    });
    await expect(suppliers.reportProblem('p2', problem({ supplierId: 'SUP-BETA' }))).rejects.toMatchObject({
      type: 'NotFound',
    });
  });

  it('stays silent when told to, until the problem is escalated', async () => {
    injectSupplierFault(t.store.db, 'SUP-ALPHA', 'silent', 1);
    await suppliers.reportProblem('p', problem());
    expect(problemOutbox()).toEqual([]);
    advance(10);
    expect(await suppliers.problemStatus('PP-1')).toMatchObject({ status: 'reported' });
    const escalated = await suppliers.escalateProblem('e', 'PP-1', 'not resolved within 8 hours');
    expect(escalated.escalations).toBe(1);
    expect(problemOutbox().map((r) => r.status)).toEqual(['inProgress', 'resolved']);
    advance(1);
    expect(await suppliers.problemStatus('PP-1')).toMatchObject({ status: 'resolved' });
  });

  it('reopens a problem whose fix did not hold, and closes it: what it still had to say is withdrawn', async () => {
    await suppliers.reportProblem('p', problem());
    advance(1);
    expect((await suppliers.problemStatus('PP-1')).status).toBe('resolved');
    await suppliers.reopenProblem('r', 'PP-1', 'still no light');
    expect((await suppliers.problemStatus('PP-1')).status).toBe('inProgress');
    expect(value("SELECT reopened FROM supplier_problems WHERE id = 'PP-1'")).toBe(1);
    const closed = await suppliers.closeProblem('c', 'PP-1', 'withdrawn: the service problem was cancelled');
    expect(closed.status).toBe('closed');
    expect(problemOutbox().filter((r) => r.sentAt === null)).toEqual([]);
    advance(5);
    expect((await suppliers.problemStatus('PP-1')).status).toBe('closed');
    await expect(suppliers.reopenProblem('r2', 'PP-1', 'again')).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });

  it('takes a request for a service improvement plan, once per key', async () => {
    const req = { supplierId: 'SUP-BETA', periodStart: START, periodEnd: inDays(30), detail: 'availability 99.1%' };
    const plan = await suppliers.requestServiceImprovement('i', req);
    expect(plan).toEqual({
      reference: 'BETA-SIP-000001',
      supplierId: 'SUP-BETA',
      committedBy: inDays(30),
      detail: 'availability 99.1%',
    });
    expect(await suppliers.requestServiceImprovement('i', req)).toEqual(plan);
    expect(count('SELECT COUNT(*) FROM supplier_improvement_plans')).toBe(1);
  });

  it('sends problem reports as supplierProblemReport signals, and fixes when the resolution falls due', async () => {
    injectFault(t.store.db, 'AC-1', 'testResource', UNTIL_REPAIRED);
    await suppliers.reportProblem('p', problem());
    const sent: Array<[string, string, string]> = [];
    const loop = startSupplierSimulator({
      db: t.store.db,
      clock: () => clock.now,
      deliver: async (wf, signal, r) => {
        if (signal === 'supplierProblemReport') sent.push([wf, signal, kindOf(r)]);
      },
      intervalMs: 5,
    });
    try {
      advance(1);
      await until(() => sent.length === 3);
    } finally {
      await loop.stop();
    }
    expect(sent).toEqual([
      ['pp-wf', 'supplierProblemReport', 'acknowledged'],
      ['pp-wf', 'supplierProblemReport', 'inProgress'],
      ['pp-wf', 'supplierProblemReport', 'resolved'],
    ]);
    expect(faults('AC-1')).toBe(0);
  });
});
