import { describe, expect, it } from 'vitest';
import { customerMaintenanceWorkflowId } from '../../../workflows/crm/customer-qos-sla-management';
import { RMO_READINESS_PROCESSES, runReadinessOnce, SMO_READINESS_PROCESSES } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

/**
 * #13: 1.O.2.1.3's "a service fails again and again: schedule maintenance of the resources behind
 * it" is addressed to Support Resource Trouble Management (1.O.3.1.3), which reads it in RM&O's
 * readiness run and acts: a preventive job on each element the service runs on, announced to its
 * customer (1.A.1.7.2) and worked in the same run; the action records the jobs, once.
 */
describe('readiness action for a chronic failure: 1.O.2.1.3 (SM&O) -> 1.O.3.1.3 (RM&O)', () => {
  it('maintains the elements behind the service, records it on the action, and does it once', async () => {
    await withWorkers(
      async (rt) => {
        const db = rt.store.db;
        const service = db
          .prepare(
            `SELECT id, customer_id AS customerId FROM services WHERE state = 'active' AND assurance IS NOT NULL ORDER BY id LIMIT 1`,
          )
          .get() as { id: string; customerId: string };
        const elements = (await rt.store.ports.serviceProblems.elementsOf(service.id))
          .filter((e) => ['node', 'card', 'port', 'access-circuit'].includes(e.resourceType))
          .map((e) => e.resourceId);
        expect(elements.length).toBeGreaterThan(0);
        // The service failed three times this month (objective: at most two).
        const at = new Date().toISOString();
        for (const n of [1, 2, 3])
          db.prepare(
            `INSERT INTO service_problems (id, origin, service_id, customer_id, description, urgency, state, started_at, restored_at, created_at, updated_at)
             VALUES (?, 'customer', ?, ?, 'down', 'high', 'closed', ?, ?, ?, ?)`,
          ).run(`SP-CHRONIC-${n}`, service.id, service.customerId, at, at, at, at);

        const smo = await runReadinessOnce(rt, 'smo', SMO_READINESS_PROCESSES);
        const action = db
          .prepare(`SELECT * FROM readiness_actions WHERE run_id = ? AND metric = 'services.chronicProblems'`)
          .get(smo.workflowId) as Record<string, unknown>;
        expect(action).toMatchObject({
          etom_id: '1.O.2.1.3',
          subject: `service:${service.id}`,
          addressed_to: '1.O.3.1.3',
          acted_by: null,
        });

        const rmo = await runReadinessOnce(rt, 'rmo', RMO_READINESS_PROCESSES);
        const jobs = db
          .prepare(`SELECT id, resource_id, state FROM maintenance_jobs WHERE reason LIKE ? ORDER BY resource_id`)
          .all(`chronic failure of ${service.id}%`) as Array<{ id: string; resource_id: string; state: string }>;
        expect(jobs.map((j) => j.resource_id)).toEqual([...elements].sort());
        // Worked in the same run: tested (passed) or repaired, none left requested.
        for (const j of jobs) expect(j.state).not.toBe('requested');
        const acted = db.prepare('SELECT acted_by, outcome FROM readiness_actions WHERE id = ?').get(action['id']) as {
          acted_by: string;
          outcome: string;
        };
        expect(acted.acted_by).toBe('1.O.3.1.3');
        for (const j of jobs) expect(acted.outcome).toContain(`${j.id} on ${j.resource_id}`);
        // Its customer was told before the work (1.A.1.7.2): the maintenance child of the first job.
        const history = await rt.client.workflow.getHandle(rmo.workflowId).fetchHistory();
        const children = (history.events ?? [])
          .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId)
          .filter((id): id is string => !!id);
        expect(children).toContain(customerMaintenanceWorkflowId(jobs[0]!.id, service.customerId));

        // Acted on: the next run requests no second job for it.
        await runReadinessOnce(rt, 'rmo', RMO_READINESS_PROCESSES);
        expect(
          db
            .prepare(`SELECT COUNT(*) FROM maintenance_jobs WHERE reason LIKE ?`)
            .pluck()
            .get(`chronic failure of ${service.id}%`),
        ).toBe(jobs.length);
      },
      { installedBase: true, layers: ['smo', 'rmo', 'crm'] },
    );
  });
});
