import { CancelledFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { rowsOf, startWorkOrder, waitForWorkOrderAndComplete } from '../../support/assurance';
import { eventually } from '../../support/fulfilment';
import { withWorkers } from '../../support/runtime';

const start = startWorkOrder;
const rmoOnly = { layers: ['rmo'] as const, installedBase: true };

describe('workOrder (1.O.3.1.6 Manage Workforce)', () => {
  it('dispatches by skill and region, and the technician’s fix puts the element right', async () => {
    await withWorkers(async (rt) => {
      injectFault(rt.store.db, 'CPE-LYO-1', 'testResource', UNTIL_REPAIRED);
      const h = await start(rt, 'wo-fix');
      const id = await waitForWorkOrderAndComplete(rt, rt.id('wo-fix'));
      expect(await h.result()).toMatchObject({
        workOrderId: id,
        technicianId: 'TECH-03',
        outcome: 'fixed',
        escalated: false,
      });
      expect(rowsOf(rt, 'SELECT state FROM work_orders WHERE id = ?', id)).toEqual([{ state: 'completed' }]);
      expect((await rt.store.ports.networkActivation.testResource('CPE-LYO-1')).passed).toBe(true);
      expect((await traceProcesses(rt.client, h.workflowId)).map((p) => p.etomId)).toEqual(['1.O.3.1.6', '1.O.3.1.6']);
    }, rmoOnly);
  });

  it('escalates a task past its repair target, then takes the completion', async () => {
    await withWorkers(async (rt) => {
      const h = await start(rt, 'wo-late', { timings: { repairTarget: '2 seconds' } });
      await eventually(
        async () =>
          rowsOf(rt, 'SELECT 1 FROM work_orders WHERE reference = ? AND escalations > 0', rt.id('wo-late')).length > 0,
        'the work order escalated',
        15_000,
      );
      await waitForWorkOrderAndComplete(rt, rt.id('wo-late'));
      expect(await h.result()).toMatchObject({ outcome: 'fixed', escalated: true });
    }, rmoOnly);
  });

  it('calls the technician off when the requester cancels', async () => {
    await withWorkers(async (rt) => {
      const h = await start(rt, 'wo-cancel');
      await eventually(
        async () => (await rt.store.ports.workforce.byReference(rt.id('wo-cancel'))).length > 0,
        'dispatch',
      );
      await h.cancel();
      const err = await h.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect(rowsOf(rt, 'SELECT state FROM work_orders WHERE reference = ?', rt.id('wo-cancel'))).toEqual([
        { state: 'cancelled' },
      ]);
    }, rmoOnly);
  });

  it('reports not fixed when nobody in the region has the skill', async () => {
    await withWorkers(async (rt) => {
      const h = await start(rt, 'wo-nobody', { skill: 'copper' });
      expect(await h.result()).toMatchObject({ outcome: 'notFixed', technicianId: null });
    }, rmoOnly);
  });
});
