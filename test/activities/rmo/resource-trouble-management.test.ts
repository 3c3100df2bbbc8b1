import { ApplicationFailure } from '@temporalio/common';
import { beforeEach, describe, expect, it } from 'vitest';
import { createResourceTroubleManagementActivities } from '../../../activities/rmo/resource-trouble-management';
import type { SqliteStore } from '../../../src/adapters/sqlite';
import { ResourceTroubleRequest } from '../../../src/domain/assurance/messages';
import { DEMO_ASSURANCE_TIMINGS } from '../../../src/domain/assurance/timings';
import { cardFailure, falseAlarm, portFailure, transientAlarm } from '../../../src/simulators/alarms';
import { useTestStore } from '../../support/store';

const T0 = new Date('2026-06-10T10:00:00.000Z');
// DEMO timings: transient window 2 s, missing-information wait 3 s.
const timings = DEMO_ASSURANCE_TIMINGS;

const t = useTestStore(T0.toISOString(), { installedBase: true });
const { rows, count, clock } = t;
let acts: ReturnType<typeof createResourceTroubleManagementActivities>;
const later = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));

beforeEach(() => {
  acts = createResourceTroubleManagementActivities(t.store.ports);
});

const ingest = (events: Parameters<SqliteStore['ports']['alarms']['ingest']>[2]) =>
  t.store.ports.alarms.ingest(`k-${Math.random()}`, 'EMS', events);
const analysisOf = () =>
  Object.fromEntries(
    rows('SELECT analysis, COUNT(*) AS n FROM alarms GROUP BY analysis').map((r) => [r['analysis'] as string, r['n']]),
  );

async function rejectionOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

/** A card storm surveyed until its root cause is decided; returns the trouble request for it. */
async function cardTrouble(card = 'CARD-PAR-1-1') {
  const batch = await ingest(cardFailure(t.store.db, card, { at: new Date(clock.now), repeats: 2 }));
  await acts.surveyAndAnalyzeResourceTrouble({ batchId: batch.batchId, timings });
  later(2_500);
  const out = await acts.surveyAndAnalyzeResourceTrouble({ batchId: null, timings });
  const rc = out.rootCauses[0]!;
  const request = ResourceTroubleRequest.parse({
    troubleId: rc.troubleId,
    origin: 'alarm',
    resourceId: rc.resourceId,
    alarmIds: rc.alarmIds,
    alarmCount: rc.alarmCount,
    description: rc.reason,
    timings,
  });
  await acts.trackAndManageResourceTrouble({ action: 'create', request, workflowId: rc.troubleId });
  return request;
}

describe('1.A.3.3.1 surveyAndAnalyzeResourceTrouble', () => {
  it('merges repeats, waits out the transient window, then folds a card storm into one root cause', async () => {
    const events = cardFailure(t.store.db, 'CARD-PAR-1-1', { at: new Date(clock.now), repeats: 3 });
    // The card and its 8 ports, each sent 4 times.
    expect(events).toHaveLength(36);
    const batch = await ingest(events);

    const first = await acts.surveyAndAnalyzeResourceTrouble({ batchId: batch.batchId, timings });
    expect(first.counts).toMatchObject({ in: 36, merged: 27, suppressed: 0, folded: 0, waiting: 9, rootCauses: 0 });
    expect(first.rootCauses).toEqual([]);
    expect(first.nextCheckInMs).toBeGreaterThan(1_900);

    later(2_100);
    const second = await acts.surveyAndAnalyzeResourceTrouble({ batchId: null, timings });
    expect(second.counts).toMatchObject({ in: 0, examined: 9, folded: 8, waiting: 0, rootCauses: 1 });
    expect(second.rootCauses).toEqual([
      expect.objectContaining({ troubleId: 'RT-000001', resourceId: 'CARD-PAR-1-1', alarmCount: 36 }),
    ]);
    expect(second.nextCheckInMs).toBeNull();
    expect(analysisOf()).toEqual({ root: 1, folded: 8, duplicate: 27 });
    expect(count("SELECT COUNT(*) FROM alarms WHERE root_cause_id = 'RT-000001'")).toBe(36);
    expect(
      t.one("SELECT occurrences FROM alarms WHERE alarmed_object = 'CARD-PAR-1-1' AND analysis = 'root'").occurrences,
    ).toBe(4);
    expect(t.one('SELECT outcome FROM alarm_batches WHERE id = ?', batch.batchId).outcome).toContain('"merged":27');

    // A later repeat of the card's alarm joins the same root cause: no new trouble.
    const again = await ingest(cardFailure(t.store.db, 'CARD-PAR-1-1', { at: new Date(clock.now) }));
    const third = await acts.surveyAndAnalyzeResourceTrouble({ batchId: again.batchId, timings });
    expect(third.counts).toMatchObject({ merged: 9, rootCauses: 0 });
    expect(t.one("SELECT alarm_count FROM alarm_root_causes WHERE id = 'RT-000001'").alarm_count).toBe(45);
  });

  it('suppresses a transient raised and cleared within the window', async () => {
    const batch = await ingest(transientAlarm('PORT-PAR-1-1-1', 500, { at: new Date(clock.now) }));
    const out = await acts.surveyAndAnalyzeResourceTrouble({ batchId: batch.batchId, timings });
    expect(out.counts).toMatchObject({ in: 1, suppressed: 1, rootCauses: 0, waiting: 0 });
    expect(rows('SELECT state, analysis FROM alarms')).toEqual([{ state: 'cleared', analysis: 'transient' }]);
    expect(count('SELECT COUNT(*) FROM alarm_root_causes')).toBe(0);
  });

  it('waits for a port alarm’s card, then takes the port as its own root cause', async () => {
    const batch = await ingest(portFailure(t.store.db, 'PORT-PAR-1-1-3', { at: new Date(clock.now) }));
    await acts.surveyAndAnalyzeResourceTrouble({ batchId: batch.batchId, timings });
    later(2_100);
    const waiting = await acts.surveyAndAnalyzeResourceTrouble({ batchId: null, timings });
    // Past the transient window, still within the missing-information wait: it waits on.
    expect(waiting.counts).toMatchObject({ waiting: 1, rootCauses: 0 });
    expect(waiting.nextCheckInMs).toBeLessThanOrEqual(1_000);
    later(1_000);
    const decided = await acts.surveyAndAnalyzeResourceTrouble({ batchId: null, timings });
    expect(decided.rootCauses).toEqual([expect.objectContaining({ resourceId: 'PORT-PAR-1-1-3' })]);
    expect(decided.rootCauses[0]!.reason).toContain('no alarm from its container');
  });

  it('uses the given id prefix for the root causes (they name the troubles)', async () => {
    const batch = await ingest(falseAlarm('CARD-LYO-1-1', { at: new Date(clock.now.getTime() - 10_000) }));
    const out = await acts.surveyAndAnalyzeResourceTrouble({
      batchId: batch.batchId,
      timings,
      troubleIdPrefix: 'RT-T1',
    });
    expect(out.rootCauses.map((r) => r.troubleId)).toEqual(['RT-T1-000001']);
  });
});

describe('1.A.3.3.4 trackAndManageResourceTrouble', () => {
  it('creates the report acknowledged and acknowledges its alarms; refuses a move the state model forbids', async () => {
    const req = await cardTrouble();
    expect(rows('SELECT id, state, origin, resource_id, alarm_count FROM resource_troubles')).toEqual([
      { id: req.troubleId, state: 'acknowledged', origin: 'alarm', resource_id: 'CARD-PAR-1-1', alarm_count: 27 },
    ]);
    expect(count("SELECT COUNT(*) FROM alarms WHERE ack_state = 'acknowledged'")).toBe(27);
    // Creating again changes nothing.
    await acts.trackAndManageResourceTrouble({ action: 'create', request: req, workflowId: req.troubleId });
    expect(count('SELECT COUNT(*) FROM resource_trouble_events WHERE trouble_id = ?', req.troubleId)).toBe(1);
    // Acknowledged cannot be closed: it must be resolved first.
    const refused = await rejectionOf(acts.closeResourceTrouble({ troubleId: req.troubleId }));
    expect(refused.type).toBe('InvalidStateTransition');
    await expect(
      t.store.ports.resourceTroubles.setState('k-x', req.troubleId, 'closed', '1.A.3.3.4', 'no'),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition' });
  });

  it('cancels a false alarm and clears its alarms; a cancelled report moves no more', async () => {
    const req = await cardTrouble();
    const out = await acts.trackAndManageResourceTrouble({ action: 'cancel', troubleId: req.troubleId, reason: 'x' });
    expect(out.state).toBe('cancelled');
    expect(count("SELECT COUNT(*) FROM alarms WHERE state <> 'cleared'")).toBe(0);
    expect(t.one('SELECT state FROM alarm_root_causes WHERE id = ?', req.troubleId).state).toBe('closed');
    const refused = await rejectionOf(acts.localizeResourceTrouble({ troubleId: req.troubleId }));
    expect(refused.type).toBe('InvalidStateTransition');
  });
});

describe('1.A.3.3.2 localizeResourceTrouble', () => {
  it('finds the failed card by test and records it on the report', async () => {
    const req = await cardTrouble();
    const out = await acts.localizeResourceTrouble({ troubleId: req.troubleId });
    expect(out).toMatchObject({ found: true, faultResourceId: 'CARD-PAR-1-1', openAlarms: 27 });
    expect(out.tests).toHaveLength(9);
    expect(out.tests.filter((t) => !t.passed)).toHaveLength(9);
    expect(rows('SELECT state, fault_resource_id FROM resource_troubles')).toEqual([
      { state: 'localized', fault_resource_id: 'CARD-PAR-1-1' },
    ]);
  });

  it('finds nothing wrong on a false alarm', async () => {
    const batch = await ingest(falseAlarm('CARD-LYO-1-1', { at: new Date(clock.now.getTime() - 10_000) }));
    const rc = (await acts.surveyAndAnalyzeResourceTrouble({ batchId: batch.batchId, timings })).rootCauses[0]!;
    await acts.trackAndManageResourceTrouble({
      action: 'create',
      workflowId: rc.troubleId,
      request: ResourceTroubleRequest.parse({
        troubleId: rc.troubleId,
        origin: 'alarm',
        resourceId: rc.resourceId,
        description: rc.reason,
        timings,
      }),
    });
    const out = await acts.localizeResourceTrouble({ troubleId: rc.troubleId });
    expect(out).toMatchObject({ found: false, faultResourceId: null });
    expect(out.tests.every((t) => t.passed)).toBe(true);
    expect(t.one('SELECT state FROM resource_troubles').state).toBe('acknowledged');
  });
});

describe('1.A.3.3.5 reportResourceTrouble', () => {
  it('finds the active services on the card’s ports: a service problem each, not for the mate card’s', async () => {
    const req = await cardTrouble();
    await acts.localizeResourceTrouble({ troubleId: req.troubleId });
    const out = await acts.reportResourceTrouble({ troubleId: req.troubleId, action: 'new' });
    expect(out.services.map((s) => s.serviceId)).toEqual(['SVC-IB01-1', 'SVC-IB02-1']);
    expect(out.services[0]).toEqual({
      serviceId: 'SVC-IB01-1',
      customerId: 'CUST-1001',
      serviceProblemId: `SP-${req.troubleId}-SVC-IB01-1`,
      workflowId: `SP-${req.troubleId}-SVC-IB01-1`,
    });
    expect(out.update).toMatchObject({ troubleId: req.troubleId, state: 'localized', resourceId: 'CARD-PAR-1-1' });
    expect(count('SELECT COUNT(*) FROM resource_trouble_services WHERE trouble_id = ?', req.troubleId)).toBe(2);
    const change = await acts.reportResourceTrouble({ troubleId: req.troubleId, action: 'stateChange' });
    expect(change.services.map((s) => s.workflowId)).toEqual(out.services.map((s) => s.workflowId));
  });
});

describe('1.A.3.3.3 correctAndRecoverResourceTrouble', () => {
  it('switches a failed card to its mate: the card out of service, its ports working again', async () => {
    const req = await cardTrouble();
    await acts.localizeResourceTrouble({ troubleId: req.troubleId });
    expect((await t.store.ports.networkActivation.testResource('PORT-PAR-1-1-1')).passed).toBe(false);
    const out = await acts.correctAndRecoverResourceTrouble({ action: 'recover', troubleId: req.troubleId });
    expect(out).toMatchObject({ recovered: true, recovery: 'switchedToRedundant', workOrder: null });
    expect(out.restored).toEqual(['PORT-PAR-1-1-1', 'PORT-PAR-1-1-2']);
    expect(t.one("SELECT state FROM resources WHERE id = 'CARD-PAR-1-1'").state).toBe('outOfService');
    expect(rows('SELECT working_id, protecting_id FROM protection_switches')).toEqual([
      { working_id: 'CARD-PAR-1-1', protecting_id: 'CARD-PAR-1-2' },
    ]);
    expect((await t.store.ports.networkActivation.testResource('PORT-PAR-1-1-1')).passed).toBe(true);
    expect(rows('SELECT state, recovery FROM resource_troubles')).toEqual([
      { state: 'resolved', recovery: 'switchedToRedundant' },
    ]);
  });

  it('asks for a technician where there is no redundant unit, and checks the fix', async () => {
    const batch = await ingest(
      portFailure(t.store.db, 'PORT-PAR-1-1-1', { at: new Date(clock.now.getTime() - 10_000) }),
    );
    const rc = (await acts.surveyAndAnalyzeResourceTrouble({ batchId: batch.batchId, timings })).rootCauses[0]!;
    const request = ResourceTroubleRequest.parse({
      troubleId: rc.troubleId,
      origin: 'alarm',
      resourceId: rc.resourceId,
      description: rc.reason,
      timings,
    });
    await acts.trackAndManageResourceTrouble({ action: 'create', request, workflowId: rc.troubleId });
    await acts.localizeResourceTrouble({ troubleId: rc.troubleId });
    const out = await acts.correctAndRecoverResourceTrouble({ action: 'recover', troubleId: rc.troubleId });
    expect(out).toMatchObject({
      recovered: false,
      workOrder: { kind: 'repair', skill: 'fibre', region: 'PAR' },
    });
    const fixed = await acts.correctAndRecoverResourceTrouble({
      action: 'verify',
      troubleId: rc.troubleId,
      workOrderId: 'WO-1',
      kind: 'repair',
      outcome: 'fixed',
      notes: 'spliced',
    });
    expect(fixed).toMatchObject({ recovered: true, recovery: 'repaired' });
    expect((await t.store.ports.networkActivation.testResource('PORT-PAR-1-1-1')).passed).toBe(true);
    expect(t.one('SELECT state FROM resource_troubles').state).toBe('resolved');
  });
});

describe('1.A.3.3.6 closeResourceTrouble', () => {
  it('closes a resolved trouble, flags the failed card for replacement and clears its alarms', async () => {
    const req = await cardTrouble();
    await acts.localizeResourceTrouble({ troubleId: req.troubleId });
    await acts.correctAndRecoverResourceTrouble({ action: 'recover', troubleId: req.troubleId });
    const out = await acts.closeResourceTrouble({ troubleId: req.troubleId });
    expect(out).toMatchObject({ state: 'closed', recovery: 'switchedToRedundant' });
    expect(out.prevention).toContain('CARD-PAR-1-1 flagged for replacement');
    expect(
      t.one(
        "SELECT json_extract(attributes, '$.replacement.reason') AS reason FROM resources WHERE id = 'CARD-PAR-1-1'",
      ).reason,
    ).toContain(req.troubleId);
    expect(count("SELECT COUNT(*) FROM alarms WHERE state <> 'cleared'")).toBe(0);
    expect(
      rows('SELECT to_state FROM resource_trouble_events WHERE trouble_id = ? ORDER BY seq', req.troubleId)
        .map((e) => e['to_state'])
        .filter((s, i, all) => s !== all[i - 1]),
    ).toEqual(['acknowledged', 'localized', 'recovering', 'resolved', 'closed']);
  });
});
