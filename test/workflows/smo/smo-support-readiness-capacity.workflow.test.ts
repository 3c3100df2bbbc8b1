import { describe, expect, it } from 'vitest';
import { RMO_READINESS_PROCESSES, runReadinessOnce, SMO_READINESS_PROCESSES } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

/**
 * #13: 1.O.2.1.2's "no capacity left for a service class in a region: RM&O to add resources" is
 * addressed to Manage Resource Inventory (1.O.3.1.5), which reads it in RM&O's readiness run and
 * orders the resources the class lacks there (a capacity shortfall delivered, then accepted by
 * 1.O.3.1.1 in the same run), even where its own threshold would not have: the action records it.
 */
describe('readiness action for service capacity: 1.O.2.1.2 (SM&O) -> 1.O.3.1.5 (RM&O)', () => {
  it('orders the missing resources of the class, records it on the action, and the class has capacity again', async () => {
    await withWorkers(
      async (rt) => {
        const db = rt.store.db;
        // Every voice port in Lille is taken; RM&O's own threshold is off, so only SM&O's action can ask.
        db.prepare(
          `UPDATE resources SET state = 'inService' WHERE spec_id = 'RS-VOICE-PORT' AND region = 'LIL' AND state = 'available'`,
        ).run();
        await rt.store.ports.readinessReports.setObjective('resources.availableRatio', 0);

        const smo = await runReadinessOnce(rt, 'smo', SMO_READINESS_PROCESSES);
        const actions = db
          .prepare(
            `SELECT * FROM readiness_actions WHERE run_id = ? AND metric = 'services.capacityMin' AND subject LIKE '%@LIL' AND action LIKE '%RS-VOICE-PORT%'`,
          )
          .all(smo.workflowId) as Array<Record<string, unknown>>;
        expect(actions.length).toBeGreaterThan(0);
        for (const a of actions)
          expect(a).toMatchObject({ etom_id: '1.O.2.1.2', addressed_to: '1.O.3.1.5', acted_by: null });

        const rmo = await runReadinessOnce(rt, 'rmo', RMO_READINESS_PROCESSES);
        const shortfall = db
          .prepare(`SELECT * FROM capacity_shortfalls WHERE resource_spec_id = 'RS-VOICE-PORT' AND region = 'LIL'`)
          .get() as Record<string, string>;
        // Delivered by 1.O.3.1.5 and accepted into the pool by 1.O.3.1.1 in the same run.
        expect(shortfall).toMatchObject({ state: 'resolved' });
        expect(
          db
            .prepare(
              `SELECT COUNT(*) FROM resources WHERE spec_id = 'RS-VOICE-PORT' AND region = 'LIL' AND state = 'available'`,
            )
            .pluck()
            .get(),
        ).toBeGreaterThan(0);
        for (const a of actions) {
          const acted = db.prepare('SELECT acted_by, outcome FROM readiness_actions WHERE id = ?').get(a['id']) as {
            acted_by: string;
            outcome: string;
          };
          expect(acted.acted_by).toBe('1.O.3.1.5');
          expect(acted.outcome).toContain(`${shortfall['id']} (RS-VOICE-PORT@LIL)`);
        }
        const report = (await rt.store.ports.readinessReports.reports(rmo.workflowId)).find(
          (r) => r.etomId === '1.O.3.1.5',
        );
        expect(report?.figures['serviceCapacityActionsActedOn']).toBeGreaterThanOrEqual(1);

        // Lille has voice ports again: SM&O's next run finds the capacity and closes its action.
        await runReadinessOnce(rt, 'smo', SMO_READINESS_PROCESSES);
        for (const a of actions)
          expect(db.prepare('SELECT state FROM readiness_actions WHERE id = ?').pluck().get(a['id'])).not.toBe('open');
      },
      { installedBase: true, layers: ['smo', 'rmo', 'crm'] },
    );
  });
});
