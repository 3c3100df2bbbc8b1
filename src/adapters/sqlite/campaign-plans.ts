import type { Clock } from '../../ports/clock';
import type { CampaignPlanPort } from '../../ports/campaign-plans';
import { type Db, json, nextId, once } from './database';
import { rowsOf } from './readiness-sql';

export function createSqliteCampaignPlans(db: Db, clock: Clock): CampaignPlanPort {
  const now = () => clock().toISOString();
  const all = rowsOf(db);

  return {
    async marketFigures() {
      const regions = db.prepare('SELECT DISTINCT region FROM resources ORDER BY region').pluck().all() as string[];
      return regions.map((region) => {
        const customers = db
          .prepare(`SELECT COUNT(*) FROM customers WHERE region = ? AND status = 'active'`)
          .pluck()
          .get(region) as number;
        const spare: Record<string, number> = {};
        for (const r of all(
          `SELECT spec_id, SUM(state = 'available') AS free FROM resources WHERE region = ? GROUP BY spec_id`,
          region,
        ))
          spare[String(r['spec_id'])] = Number(r['free']);
        return { region, customers, spare };
      });
    },
    async planCampaign(key, p) {
      return once(db, key, 'planCampaign', () => {
        const open = db
          .prepare(
            `SELECT id FROM campaign_plans WHERE region = ? AND product_offering_id = ? AND state IN ('planned', 'running')`,
          )
          .pluck()
          .get(p.region, p.productOfferingId) as string | undefined;
        if (open) return { id: open, created: false };
        const id = nextId(db, 'CP');
        db.prepare(
          `INSERT INTO campaign_plans (id, name, region, segment, product_offering_id, rationale, figures, run_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          id,
          p.name,
          p.region,
          p.segment,
          p.productOfferingId,
          p.rationale,
          json.stringify(p.figures),
          p.runId,
          now(),
        );
        return { id, created: true };
      });
    },
    async markPlan(key, planId, state) {
      once(db, key, 'markCampaignPlan', () => {
        const from = state === 'running' ? ['planned'] : ['planned', 'running'];
        db.prepare(
          `UPDATE campaign_plans SET state = ? WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`,
        ).run(state, planId, ...from);
        return planId;
      });
      const current = db.prepare('SELECT state FROM campaign_plans WHERE id = ?').pluck().get(planId) as
        string | undefined;
      if (current === undefined) throw new Error(`no campaign plan ${planId}`);
      return current;
    },
  };
}
