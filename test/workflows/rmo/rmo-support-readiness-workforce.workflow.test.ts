import { describe, expect, it } from 'vitest';
import { BusinessRejection } from '../../../src/contracts/errors';
import { CRM_READINESS_PROCESSES, RMO_READINESS_PROCESSES, runReadinessOnce } from '../../support/readiness';
import { withWorkers } from '../../support/runtime';

const CRM = CRM_READINESS_PROCESSES;
const RMO = RMO_READINESS_PROCESSES;

/**
 * #13: 1.O.1.1.3's "more technician capacity for a region" is addressed to Manage Workforce
 * (1.O.3.1.6), which reads it in RM&O's readiness run and acts: the region's field force grows,
 * so work the region could not take before is dispatched.
 */
describe('readiness action for technician capacity: 1.O.1.1.3 (CRM) -> 1.O.3.1.6 (RM&O)', () => {
  it('adds a technician to the region, records it on the action, and does it once', async () => {
    await withWorkers(
      async (rt) => {
        const db = rt.store.db;
        // Lyon's only technician is away, and Lyon's customers reported three troubles this week.
        db.prepare(`UPDATE technicians SET available = 0 WHERE region = 'LYO'`).run();
        const at = new Date().toISOString();
        for (const n of [1, 2, 3])
          db.prepare(
            `INSERT INTO trouble_tickets (id, origin, customer_id, description, urgency, state, created_at, updated_at)
             VALUES (?, 'customer', 'CUST-1005', 'no internet', 'high', 'inProgress', ?, ?)`,
          ).run(`TT-LYO-${n}`, at, at);
        await rt.store.ports.readinessReports.setObjective('problems.perRegion', 2);
        const dispatchInLyon = (key: string) =>
          rt.store.ports.workforce.dispatch(key, {
            reference: 'SP-LYO',
            kind: 'repair',
            skill: 'fibre',
            region: 'LYO',
          });
        await expect(dispatchInLyon('before')).rejects.toBeInstanceOf(BusinessRejection);

        const crm = await runReadinessOnce(rt, 'crm', CRM);
        const action = db
          .prepare(`SELECT * FROM readiness_actions WHERE run_id = ? AND metric = 'problems.perRegion'`)
          .get(crm.workflowId) as Record<string, unknown>;
        expect(action).toMatchObject({
          etom_id: '1.O.1.1.3',
          subject: 'region:LYO',
          state: 'open',
          addressed_to: '1.O.3.1.6',
          acted_by: null,
        });

        const rmo = await runReadinessOnce(rt, 'rmo', RMO);
        const added = db.prepare(`SELECT * FROM technicians WHERE region = 'LYO' AND available = 1`).all() as Array<
          Record<string, unknown>
        >;
        expect(added).toHaveLength(1);
        const tech = added[0]!;
        expect(JSON.parse(String(tech['skills']))).toEqual(['cpe', 'fibre', 'voice']);
        expect(db.prepare('SELECT acted_by, outcome FROM readiness_actions WHERE id = ?').get(action['id'])).toEqual({
          acted_by: '1.O.3.1.6',
          outcome: `${String(tech['id'])} added to LYO (1 technician(s) before)`,
        });
        const report = (await rt.store.ports.readinessReports.reports(rmo.workflowId)).find(
          (r) => r.etomId === '1.O.3.1.6',
        );
        expect(report?.figures).toMatchObject({ techniciansAdded: 1, actionsActedOn: 1 });
        // The capacity is real: Lyon's work is dispatched now, to the new technician.
        expect((await dispatchInLyon('after')).technicianId).toBe(tech['id']);

        // The action is still open (Lyon's tickets are what they were) but acted on: no second hire.
        await runReadinessOnce(rt, 'crm', CRM);
        await runReadinessOnce(rt, 'rmo', RMO);
        expect(db.prepare(`SELECT COUNT(*) FROM technicians WHERE region = 'LYO'`).pluck().get()).toBe(2);
      },
      { installedBase: true, layers: ['crm', 'rmo'] },
    );
  });
});
