import { describe, expect, it } from 'vitest';
import { activityTypes } from '../../support/fulfilment';
import { runReadinessOnce } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

const PROCESSES = ['1.O.2.1.1', '1.O.2.1.2', '1.O.2.1.3', '1.O.2.1.4', '1.O.2.1.5'];

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
        const started = ((await rt.client.workflow.getHandle(h.workflowId).fetchHistory()).events ?? []).find(
          (e) => e.startChildWorkflowExecutionInitiatedEventAttributes,
        );
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
