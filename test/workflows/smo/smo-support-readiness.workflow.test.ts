import { describe, expect, it } from 'vitest';
import { activityTypes } from '../../support/fulfilment';
import { runReadinessOnce, SMO_READINESS_PROCESSES } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

const PROCESSES = SMO_READINESS_PROCESSES;

describe('smoReadiness (SM&O Support & Readiness (1.O.2.1)) on the SMO queue', () => {
  it('runs every Level-3 process of the layer on the store and stores one report each', async () => {
    await withWorkers(
      async (rt) => {
        rt.store.db.prepare(`DELETE FROM network_configuration WHERE service_id = 'SVC-IB04-1'`).run();
        const h = await runReadinessOnce(rt, 'smo', PROCESSES);
        expect(
          rt.store.db.prepare('SELECT kind, subject FROM inventory_discrepancies WHERE run_id = ?').all(h.workflowId),
        ).toEqual([{ kind: 'serviceNotOnNetwork', subject: 'SVC-IB04-1' }]);
        expect(rt.store.db.prepare('SELECT COUNT(*) FROM rating_reference_versions').pluck().get()).toBe(4);

        // No inventory update settles a service nothing carries: SM&O opens a service problem (1.A.2.3).
        const problemId = 'SP-INV-SVC-IB04-1';
        await expect
          .poll(
            () =>
              rt.store.db
                .prepare('SELECT origin, service_id, customer_id FROM service_problems WHERE id = ?')
                .get(problemId),
            { timeout: 60_000 },
          )
          .toEqual({ origin: 'quality', service_id: 'SVC-IB04-1', customer_id: 'CUST-1005' });
        const events = (await rt.client.workflow.getHandle(h.workflowId).fetchHistory()).events ?? [];
        const started = events.find((e) => e.startChildWorkflowExecutionInitiatedEventAttributes);
        // It is 1.O.2.1.1's finding that starts it: the inventory process ran before the child.
        const inventoryRan = events.findIndex(
          (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'manageServiceInventory',
        );
        expect(inventoryRan).toBeGreaterThan(0);
        expect(inventoryRan).toBeLessThan(events.indexOf(started!));
        expect(started?.startChildWorkflowExecutionInitiatedEventAttributes).toMatchObject({
          workflowId: problemId,
          workflowType: { name: 'serviceProblem' },
        });
        await expect
          .poll(() => activityTypes(rt, problemId), { timeout: 60_000 })
          .toContain('evaluateAndQualifyServiceProblem');
        await rt.client.workflow.getHandle(problemId).terminate('test over');
      },
      { installedBase: true, layers: ['smo'] },
    );
  });
});
