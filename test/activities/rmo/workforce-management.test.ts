import { beforeEach, describe, expect, it } from 'vitest';
import { createManageWorkforce } from '../../../activities/rmo/rmo-support-readiness/manage-workforce';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { key, useTestStore } from '../../support/store';

const t = useTestStore('2026-07-01T09:00:00Z', { installedBase: true });
const { one, count, run } = t;
let manageWorkforce: ReturnType<typeof createManageWorkforce>;

beforeEach(() => {
  manageWorkforce = createManageWorkforce(t.store.ports);
});

const woRow = (id: string) => one('SELECT * FROM work_orders WHERE id = ?', id);
const dispatch = (over: { skill?: string; region?: string } = {}, k = key()) =>
  manageWorkforce(
    {
      action: 'dispatch',
      reference: 'SP-1',
      kind: 'repair',
      skill: over.skill ?? 'cpe',
      region: over.region ?? 'LYO',
      description: 'repair CPE-LYO-1',
      repairTarget: '30 seconds',
    },
    k,
  );

describe('1.O.3.1.6 manageWorkforce', () => {
  it('assigns a technician with the skill in the region, once per request', async () => {
    const k = key();
    const out = await dispatch({}, k);
    expect(out).toMatchObject({
      workOrder: { technicianId: 'TECH-03', state: 'assigned', reference: 'SP-1' },
      repairTargetMs: 30_000,
    });
    await dispatch({}, k);
    expect(count('SELECT COUNT(*) FROM work_orders')).toBe(1);
  });

  it('refuses when nobody in the region has the skill', async () => {
    await expect(dispatch({ skill: 'copper' })).rejects.toMatchObject({ type: 'ResourceUnavailable' });
  });

  it('completes a fixed repair and puts the element right on the network', async () => {
    injectFault(t.store.db, 'CPE-LYO-1', 'testResource', UNTIL_REPAIRED);
    const { workOrder } = await dispatch();
    const out = await manageWorkforce(
      {
        action: 'complete',
        workOrderId: workOrder.workOrderId,
        outcome: 'fixed',
        notes: 'router replaced',
        resourceId: 'CPE-LYO-1',
      },
      key(),
    );
    expect(out.repair).toMatchObject({ target: 'CPE-LYO-1', passed: true });
    expect(woRow(workOrder.workOrderId)).toMatchObject({ state: 'completed' });
    expect((await t.store.ports.networkActivation.testService('SVC-IB04-1')).passed).toBe(true);
  });

  it('escalates a late task to another technician when there is one, else flags it', async () => {
    const { workOrder } = await dispatch();
    const flagged = await manageWorkforce(
      { action: 'escalate', workOrderId: workOrder.workOrderId, reason: 'late' },
      key(),
    );
    expect(flagged.workOrder).toMatchObject({ technicianId: 'TECH-03', escalations: 1 });
    run("INSERT INTO technicians (id, name, region, skills) VALUES ('TECH-99', 'Léa Martin', 'LYO', '[\"cpe\"]')");
    const moved = await manageWorkforce(
      { action: 'escalate', workOrderId: workOrder.workOrderId, reason: 'late' },
      key(),
    );
    expect(moved.workOrder).toMatchObject({ technicianId: 'TECH-99', escalations: 2 });
    expect(woRow(workOrder.workOrderId)['escalated_at']).not.toBeNull();
  });

  it('calls a technician off, and no longer escalates a task once closed', async () => {
    const { workOrder } = await dispatch();
    const out = await manageWorkforce(
      { action: 'cancel', workOrderId: workOrder.workOrderId, reason: 'customer cancelled' },
      key(),
    );
    expect(out.workOrder.state).toBe('cancelled');
    await expect(
      manageWorkforce({ action: 'escalate', workOrderId: workOrder.workOrderId, reason: 'late' }, key()),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition' });
    await expect(
      manageWorkforce({ action: 'complete', workOrderId: workOrder.workOrderId, outcome: 'fixed' }, key()),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition' });
  });
});
