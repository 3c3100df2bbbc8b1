import { describe, expect, it } from 'vitest';
import type { serviceQuality } from '../../../workflows/smo/service-quality-management';
import { activityTypes } from '../../support/fulfilment';
import { runReadinessOnce, SMO_READINESS_PROCESSES } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

const HOUR = 3_600_000;

/**
 * #13: 1.O.2.1.4's "a service class is below its quality objective: start improvement of the
 * class" is addressed to Improve Service (1.A.2.4.3), which reads it in its next quality run and
 * proposes a more resilient design for each service of the class the run measured; the action
 * records the proposals, once.
 */
describe('readiness action for a service class below its quality objective: 1.O.2.1.4 -> 1.A.2.4.3', () => {
  it("the next quality run proposes the class's improvement for each of its services and records it on the action", async () => {
    await withWorkers(
      async (rt) => {
        const db = rt.store.db;
        const service = db
          .prepare(
            `SELECT id, customer_id AS customerId, cfs_spec_id AS cfs FROM services WHERE state = 'active' ORDER BY id LIMIT 1`,
          )
          .get() as { id: string; customerId: string; cfs: string };
        const ofClass = db
          .prepare(`SELECT id FROM services WHERE state = 'active' AND cfs_spec_id = ? ORDER BY id`)
          .pluck()
          .all(service.cfs) as string[];
        // Down for a day last week: far below 99.9 % over the 30 days readiness looks at.
        const now = Date.now();
        await rt.store.ports.serviceOutages.record('o-class', {
          serviceId: service.id,
          customerId: service.customerId,
          serviceProblemId: null,
          cause: 'fibre cut',
          startedAt: new Date(now - 7 * 24 * HOUR).toISOString(),
          restoredAt: new Date(now - 6 * 24 * HOUR).toISOString(),
        });

        const smo = await runReadinessOnce(rt, 'smo', SMO_READINESS_PROCESSES);
        const action = () =>
          db
            .prepare(
              `SELECT id, state, addressed_to AS addressedTo, acted_by AS actedBy, outcome FROM readiness_actions
                WHERE metric = 'services.availability' AND subject = ?`,
            )
            .get(`class:${service.cfs}`) as Record<string, string | null>;
        expect(action()).toMatchObject({ state: 'open', addressedTo: '1.A.2.4.3', actedBy: null });
        expect(db.prepare('SELECT run_id FROM readiness_actions WHERE id = ?').pluck().get(action().id)).toBe(
          smo.workflowId,
        );

        // The next quality run: 1.A.2.4.3 proposes a more resilient design for every service of the class.
        const runId = rt.id('sq-class');
        await rt.client.workflow.execute<typeof serviceQuality>('serviceQuality', {
          taskQueue: rt.queue('smo'),
          workflowId: runId,
          args: [{ periodStart: '2026-06-12T00:00:00.000Z', periodEnd: '2026-06-13T00:00:00.000Z', performance: [] }],
        });
        expect(await activityTypes(rt, runId)).toContain('improveService');
        const proposed = db
          .prepare(
            `SELECT id, service_id AS serviceId, addressed_to AS addressedTo, reason FROM service_improvement_actions
              WHERE run_id = ? AND kind = 'improveResilience' AND reason LIKE ? ORDER BY service_id`,
          )
          .all(runId, `its class ${service.cfs} %`) as Array<{
          id: string;
          serviceId: string;
          addressedTo: string;
          reason: string;
        }>;
        expect(proposed.map((p) => p.serviceId)).toEqual(ofClass);
        expect(new Set(proposed.map((p) => p.addressedTo))).toEqual(
          new Set(['SM&O 1.F.2.2 Service Configuration & Activation']),
        );
        const acted = action();
        expect(acted).toMatchObject({
          state: 'open',
          actedBy: '1.A.2.4.3',
          outcome: `improvement proposed for ${proposed.map((p) => `${p.id} ${p.serviceId}`).join(', ')}`,
        });

        // Acted on once: a second run proposes nothing more for the class, and the action keeps its record.
        const again = rt.id('sq-class-again');
        await rt.client.workflow.execute<typeof serviceQuality>('serviceQuality', {
          taskQueue: rt.queue('smo'),
          workflowId: again,
          args: [{ periodStart: '2026-06-13T00:00:00.000Z', periodEnd: '2026-06-14T00:00:00.000Z', performance: [] }],
        });
        expect(
          db
            .prepare(`SELECT COUNT(*) FROM service_improvement_actions WHERE run_id = ? AND reason LIKE 'its class %'`)
            .pluck()
            .get(again),
        ).toBe(0);
        expect(action()).toEqual(acted);
      },
      { installedBase: true, layers: ['smo', 'crm'] },
    );
  }, 180_000);
});
