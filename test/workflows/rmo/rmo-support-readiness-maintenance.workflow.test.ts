import { describe, expect, it } from 'vitest';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { customerMaintenanceWorkflowId, type customerSla } from '../../../workflows/crm/customer-qos-sla-management';
import type { rmoReadiness } from '../../../workflows/rmo/rmo-support-readiness';
import { withWorkers } from '../../support/runtime';

/**
 * #13: maintenance RM&O plans (1.O.3.1.3) is announced to the customers it may affect — 1.A.1.7.2:
 * "le client doit également être informé de toute activité planifiée de maintenance". The run
 * plans the job, starts Customer QoS/SLA Management on the CRM queue for each customer whose
 * active services run on the element, and only then does the work.
 */
describe('planned maintenance: 1.O.3.1.3 (RM&O) -> 1.A.1.7.2 (CRM)', () => {
  it('tells each affected customer once, before the preventive job is worked', async () => {
    await withWorkers(
      async (rt) => {
        const db = rt.store.db;
        // The card whose ports carry active services of the most customers.
        const card = db
          .prepare(
            `SELECT p.parent_id FROM resources p JOIN services s ON s.id = p.service_id
             WHERE s.state = 'active' AND p.parent_id LIKE 'CARD-%'
             GROUP BY p.parent_id ORDER BY COUNT(DISTINCT s.customer_id) DESC, p.parent_id LIMIT 1`,
          )
          .pluck()
          .get() as string;
        const affected = db
          .prepare(
            `SELECT s.customer_id AS customerId, json_group_array(s.id) AS serviceIds FROM resources p
             JOIN services s ON s.id = p.service_id WHERE p.parent_id = ? AND s.state = 'active'
             GROUP BY s.customer_id ORDER BY s.customer_id`,
          )
          .all(card) as Array<{ customerId: string; serviceIds: string }>;
        expect(affected.length).toBeGreaterThan(0);
        // The card went down three times this month: trouble-prone, so 1.O.3.1.3 plans a preventive job.
        const at = new Date(Date.now() - 86_400_000).toISOString();
        for (let i = 0; i < 3; i++)
          db.prepare(
            `INSERT INTO resource_state_history (resource_id, from_state, to_state, reason, at) VALUES (?, 'inService', 'outOfService', 'fault', ?)`,
          ).run(card, at);

        const h = await rt.client.workflow.start<typeof rmoReadiness>('rmoReadiness', {
          taskQueue: rt.queue('rmo'),
          workflowId: rt.id('rmo-readiness'),
          args: [{ windowDays: 30 }],
        });
        expect((await h.result()).failures).toEqual([]);

        const job = db
          .prepare(`SELECT id, state, done_at FROM maintenance_jobs WHERE resource_id = ? AND kind = 'preventive'`)
          .get(card) as { id: string; state: string; done_at: string };
        expect(job.state).not.toBe('requested');
        const notices = db
          .prepare(
            `SELECT id, recipient, subject, created_at FROM notifications WHERE reference = ? ORDER BY recipient`,
          )
          .all(job.id) as Array<{ id: string; recipient: string; subject: string; created_at: string }>;
        const emails = affected.map(
          (a) => db.prepare('SELECT email FROM customers WHERE id = ?').pluck().get(a.customerId) as string,
        );
        expect(notices.map((n) => n.recipient)).toEqual([...emails].sort());
        for (const n of notices) {
          expect(n.subject).toMatch(/^Planned maintenance on SVC-/);
          // Told before the work: the notice is older than the job's completion.
          expect(n.created_at <= job.done_at).toBe(true);
        }

        // Each customer's 1.A.1.7.2 ran on the CRM queue, as a child of the readiness run.
        const trace = await traceProcesses(rt.client, h.workflowId);
        const told = trace.filter((p) => p.etomId === '1.A.1.7.2');
        expect(told.map((p) => p.workflowId).sort()).toEqual(
          affected.map((a) => customerMaintenanceWorkflowId(job.id, a.customerId)).sort(),
        );
        expect(told.every((p) => p.workflowType === 'customerSla')).toBe(true);
        const order = trace.map((p) => p.etomId);
        expect(order.indexOf('1.A.1.7.2')).toBeGreaterThan(order.indexOf('1.O.3.1.3'));
        expect(order.lastIndexOf('1.O.3.1.3')).toBeGreaterThan(order.lastIndexOf('1.A.1.7.2'));

        // Announced again (a retry, another run), the job gets no second e-mail.
        const first = affected[0]!;
        const again = await rt.client.workflow.execute<typeof customerSla>('customerSla', {
          taskQueue: rt.queue('crm'),
          workflowId: rt.id('maintenance-again'),
          args: [
            {
              customerId: first.customerId,
              periodStart: '2026-12-01T00:00:00.000Z',
              periodEnd: '2027-01-01T00:00:00.000Z',
              kqis: [],
              maintenance: {
                jobId: job.id,
                resourceId: card,
                serviceIds: JSON.parse(first.serviceIds) as string[],
                plannedFor: new Date().toISOString(),
                reason: 'retry',
              },
            },
          ],
        });
        expect(again.maintenance?.notificationId).toBe(notices.find((n) => n.recipient === emails[0])!.id);
        expect(db.prepare('SELECT COUNT(*) FROM notifications WHERE reference = ?').pluck().get(job.id)).toBe(
          notices.length,
        );
      },
      { installedBase: true, layers: ['rmo', 'crm'] },
    );
  });
});
