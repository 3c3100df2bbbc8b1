import { beforeEach, describe, expect, it } from 'vitest';
import { createSpProblemReportingManagementActivities } from '../../../activities/sprm/sp-problem-reporting-management';
import { DEMO_ASSURANCE_TIMINGS } from '../../../src/domain/assurance/timings';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { injectSupplierFault } from '../../../src/simulators/supplier-behaviour';
import { key, useTestStore } from '../../support/store';

let sp: ReturnType<typeof createSpProblemReportingManagementActivities>;

const START = '2026-06-02T09:00:00.000Z';
const CIRCUIT = 'AC-MRS-ALPHA-IB06';
// Suppliers' time runs 86 400× faster: one simulated day per second of our clock.
const t = useTestStore(START, { supplierSpeed: 86_400, installedBase: true });
const { clock, one, rows, count } = t;

beforeEach(() => {
  sp = createSpProblemReportingManagementActivities(t.store.ports);
});

const advance = (seconds: number) => {
  clock.now = new Date(clock.now.getTime() + seconds * 1000);
};
const row = () =>
  one(
    "SELECT state, supplier_reference, escalated, reopened, resolution, acknowledged_at, closed_at FROM partner_problems WHERE id = 'PP-1'",
  );
const eventKinds = () =>
  rows("SELECT kind FROM partner_problem_events WHERE partner_problem_id = 'PP-1' ORDER BY seq").map(
    (r) => r.kind as string,
  );
const faults = () => count('SELECT COUNT(*) FROM simulator_faults WHERE target = ?', CIRCUIT);
const supplierStatus = () => one("SELECT status FROM supplier_problems WHERE id = 'PP-1'").status as string;

const request = (overrides: Record<string, unknown> = {}) => ({
  partnerProblemId: 'PP-1',
  serviceProblemId: 'SP-1',
  serviceId: 'SVC-IB06-1',
  customerId: 'CUST-1002',
  supplierId: 'SUP-ALPHA',
  requisitionId: 'PO-IB06-AC',
  resourceId: CIRCUIT,
  description: 'loss of signal on the Marseille access circuit',
  replyTo: { workflowId: 'SP-1' },
  timings: DEMO_ASSURANCE_TIMINGS,
  supplierReplyToWorkflowId: 'PP-1',
  ...overrides,
});

/** The report the supplier would send, from what it has scheduled. */
const supplierReports = () =>
  (
    rows("SELECT report, due_at FROM supplier_problem_outbox WHERE problem_id = 'PP-1' ORDER BY due_at, seq") as Array<{
      report: string;
      due_at: string;
    }>
  ).map((r) => ({ ...JSON.parse(r.report), at: r.due_at }));

describe('1.A.4.3.1 reportProblemToSP', () => {
  it('records the problem and reports it to the supplier on the requisition it was bought under', async () => {
    const out = await sp.reportProblemToSP(request(), key('report'));
    expect(out).toMatchObject({
      partnerProblemId: 'PP-1',
      state: 'reported',
      supplierReference: 'ALPHA-TT-000001',
      duplicate: false,
      update: { partnerProblemId: 'PP-1', state: 'reported', process: '1.A.4.3.1' },
    });
    // The timings come back in milliseconds, whatever the caller sent.
    expect(out.timings.supplierResolutionTarget).toBe(30_000);
    expect(row()).toMatchObject({ state: 'reported', supplier_reference: 'ALPHA-TT-000001' });
    expect(supplierStatus()).toBe('reported');
    expect(eventKinds()).toEqual(['reported']);
    // Reported again (a retry, a replay): nothing new, with the supplier or here.
    expect(await sp.reportProblemToSP(request(), key('report-again'))).toMatchObject({ duplicate: true, update: null });
    expect(count('SELECT COUNT(*) FROM supplier_problems')).toBe(1);
  });

  it('is refused when the supplier knows no such purchase: the problem is cancelled', async () => {
    await expect(sp.reportProblemToSP(request({ requisitionId: 'PO-NONE' }), key('report'))).rejects.toMatchObject({
      type: 'NotFound',
    });
    expect(row()).toMatchObject({ state: 'cancelled', resolution: expect.stringContaining('refused by SUP-ALPHA') });
  });
});

describe('1.A.4.3.2 receiveAndReportSPProblem', () => {
  it('records each supplier report once, moves the problem and says what SM&O must hear', async () => {
    await sp.reportProblemToSP(request(), key('report'));
    const [ack, work, fixed] = supplierReports();
    expect(await sp.receiveAndReportSPProblem({ partnerProblemId: 'PP-1', report: ack }, key('r1'))).toMatchObject({
      state: 'acknowledged',
      update: { state: 'acknowledged', process: '1.A.4.3.2' },
    });
    expect(await sp.receiveAndReportSPProblem({ partnerProblemId: 'PP-1', report: ack }, key('r1b'))).toMatchObject({
      duplicate: true,
      update: null,
    });
    await sp.receiveAndReportSPProblem({ partnerProblemId: 'PP-1', report: work }, key('r2'));
    expect(await sp.receiveAndReportSPProblem({ partnerProblemId: 'PP-1', report: fixed }, key('r3'))).toMatchObject({
      state: 'resolved',
    });
    expect(row()).toMatchObject({ state: 'resolved', acknowledged_at: START });
    expect(eventKinds()).toEqual(['reported', 'supplier:acknowledged', 'supplier:inProgress', 'supplier:resolved']);
  });

  it('never takes a problem back: a late acknowledgement after escalation changes nothing', async () => {
    await sp.reportProblemToSP(request(), key('report'));
    const [ack] = supplierReports();
    await sp.manageSPProblemResolution(
      { action: 'escalate', partnerProblemId: 'PP-1', reason: 'no answer' },
      key('esc'),
    );
    const out = await sp.receiveAndReportSPProblem({ partnerProblemId: 'PP-1', report: ack }, key('late'));
    expect(out).toMatchObject({ state: 'escalated', update: { state: 'escalated' } });
  });

  it('refuses a report about another problem', async () => {
    await sp.reportProblemToSP(request(), key('report'));
    const [ack] = supplierReports();
    await expect(
      sp.receiveAndReportSPProblem(
        { partnerProblemId: 'PP-1', report: { ...ack, supplierReference: 'X-1' } },
        key('r'),
      ),
    ).rejects.toMatchObject({ type: 'ConflictingRequest' });
  });
});

describe('1.A.4.3.3 manageSPProblemResolution', () => {
  it('asks a silent supplier where the problem stands', async () => {
    await sp.reportProblemToSP(request(), key('report'));
    expect(await sp.manageSPProblemResolution({ action: 'poll', partnerProblemId: 'PP-1' }, key('p0'))).toMatchObject({
      state: 'reported',
      update: null,
    });
    advance(0.1);
    expect(await sp.manageSPProblemResolution({ action: 'poll', partnerProblemId: 'PP-1' }, key('p1'))).toMatchObject({
      state: 'inProgress',
      update: { process: '1.A.4.3.3', state: 'inProgress' },
    });
    expect(eventKinds()).toEqual(['reported', 'polled', 'polled']);
  });

  it('escalates once: recorded, the supplier told by the gateway and by mail, and it gets on with it', async () => {
    injectSupplierFault(t.store.db, 'SUP-ALPHA', 'silent');
    await sp.reportProblemToSP(request(), key('report'));
    const esc = { action: 'escalate' as const, partnerProblemId: 'PP-1', reason: 'not resolved within 8 hours' };
    expect(await sp.manageSPProblemResolution(esc, key('esc'))).toMatchObject({ state: 'escalated', escalated: true });
    expect(await sp.manageSPProblemResolution(esc, key('esc2'))).toMatchObject({ duplicate: true });
    expect(row()).toMatchObject({ state: 'escalated', escalated: 1 });
    expect(count("SELECT escalations FROM supplier_problems WHERE id = 'PP-1'")).toBe(1);
    expect(rows("SELECT recipient, subject FROM notifications WHERE reference = 'PP-1'")).toEqual([
      { recipient: 'orders@alpha-wholesale.example', subject: expect.stringContaining('Escalation') },
    ]);
    advance(1);
    expect(await sp.manageSPProblemResolution({ action: 'poll', partnerProblemId: 'PP-1' }, key('poll'))).toMatchObject(
      { state: 'resolved' },
    );
  });

  it('confirms the fix by testing the supplied circuit, and closes the problem with the supplier', async () => {
    injectFault(t.store.db, CIRCUIT, 'testResource', UNTIL_REPAIRED);
    expect((await t.store.ports.networkActivation.testResource(CIRCUIT)).passed).toBe(false);
    await sp.reportProblemToSP(request(), key('report'));
    await expect(
      sp.manageSPProblemResolution({ action: 'confirm', partnerProblemId: 'PP-1' }, key('early')),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition' });
    advance(1);
    await sp.manageSPProblemResolution({ action: 'poll', partnerProblemId: 'PP-1' }, key('poll'));
    expect(faults()).toBe(0);
    const out = await sp.manageSPProblemResolution({ action: 'confirm', partnerProblemId: 'PP-1' }, key('confirm'));
    expect(out).toMatchObject({ state: 'closed', confirmed: true, resolution: expect.stringContaining('test passed') });
    expect(row()).toMatchObject({ state: 'closed', closed_at: clock.now.toISOString() });
    expect(supplierStatus()).toBe('closed');
  });

  it('reopens the problem with the supplier when the fix does not hold', async () => {
    await sp.reportProblemToSP(request(), key('report'));
    advance(1);
    await sp.manageSPProblemResolution({ action: 'poll', partnerProblemId: 'PP-1' }, key('poll'));
    // The circuit fails again after the supplier's fix.
    injectFault(t.store.db, CIRCUIT, 'testResource', UNTIL_REPAIRED);
    const out = await sp.manageSPProblemResolution({ action: 'confirm', partnerProblemId: 'PP-1' }, key('confirm'));
    expect(out).toMatchObject({ state: 'inProgress', confirmed: false, reopened: 1 });
    expect(supplierStatus()).toBe('inProgress');
    advance(1);
    await sp.manageSPProblemResolution({ action: 'poll', partnerProblemId: 'PP-1' }, key('poll2'));
    expect(
      await sp.manageSPProblemResolution({ action: 'confirm', partnerProblemId: 'PP-1' }, key('confirm2')),
    ).toMatchObject({ state: 'closed', confirmed: true, reopened: 1 });
  });

  it('withdraws a problem no longer needed, and a closed one stays closed', async () => {
    await sp.reportProblemToSP(request(), key('report'));
    const cancel = { action: 'cancel' as const, partnerProblemId: 'PP-1', reason: 'service problem cancelled' };
    expect(await sp.manageSPProblemResolution(cancel, key('cancel'))).toMatchObject({ state: 'cancelled' });
    expect(supplierStatus()).toBe('closed');
    expect(await sp.manageSPProblemResolution(cancel, key('cancel2'))).toMatchObject({ duplicate: true });
    await expect(t.store.ports.partnerProblems.update('k', 'PP-1', { state: 'inProgress' })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });
});
