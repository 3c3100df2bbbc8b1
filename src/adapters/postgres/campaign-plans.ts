import type { CampaignPlanPort } from '../../ports/campaign-plans';
import type { Clock } from '../../ports/clock';
import { nextId, once, type Pool, type Tx } from './database';

/**
 * Campaign plans on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/campaign-plans.contract.ts runs on both). One plan is open per region and offering:
 * two workers planning it at once meet on the partial unique index, and the second is given the
 * first's plan (`created: false`). A plan moves forward only, in one conditional UPDATE.
 */

const openPlan = async (db: Tx, region: string, offeringId: string) =>
  (
    await db.query<{ id: string }>(
      `SELECT id FROM campaign_plans WHERE region = $1 AND product_offering_id = $2 AND state IN ('planned', 'running')`,
      [region, offeringId],
    )
  ).rows[0]?.id;

export function createPostgresCampaignPlans(pool: Pool, clock: Clock): CampaignPlanPort {
  return {
    async marketFigures() {
      const customers = await pool.query<{ region: string; n: string }>(
        `SELECT region, COUNT(*) AS n FROM customers WHERE status = 'active' GROUP BY region`,
      );
      const spare = await pool.query<{ region: string; spec_id: string; free: string }>(
        `SELECT region, spec_id, COUNT(*) FILTER (WHERE state = 'available') AS free FROM resources
         GROUP BY region, spec_id ORDER BY region, spec_id`,
      );
      const byRegion = new Map<string, Record<string, number>>();
      for (const r of spare.rows) byRegion.set(r.region, { ...byRegion.get(r.region), [r.spec_id]: Number(r.free) });
      const count = new Map(customers.rows.map((r) => [r.region, Number(r.n)]));
      // The regions the network reaches, as in the SQLite store: those with resources.
      return [...byRegion].map(([region, free]) => ({ region, customers: count.get(region) ?? 0, spare: free }));
    },

    async planCampaign(key, p) {
      return once(pool, key, 'planCampaign', async (tx) => {
        const open = await openPlan(tx, p.region, p.productOfferingId);
        if (open) return { id: open, created: false };
        const id = await nextId(tx, 'CP');
        const { rowCount } = await tx.query(
          `INSERT INTO campaign_plans (id, name, region, segment, product_offering_id, rationale, figures, run_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (region, product_offering_id) WHERE state IN ('planned', 'running') DO NOTHING`,
          [
            id,
            p.name,
            p.region,
            p.segment,
            p.productOfferingId,
            p.rationale,
            JSON.stringify(p.figures),
            p.runId,
            clock().toISOString(),
          ],
        );
        if (rowCount === 1) return { id, created: true };
        // Another worker's plan committed meanwhile: it is the one open.
        return { id: (await openPlan(tx, p.region, p.productOfferingId))!, created: false };
      });
    },

    async markPlan(key, planId, state) {
      await once(pool, key, 'markCampaignPlan', async (tx) => {
        const from = state === 'running' ? ['planned'] : ['planned', 'running'];
        await tx.query('UPDATE campaign_plans SET state = $1 WHERE id = $2 AND state = ANY($3)', [state, planId, from]);
        return planId;
      });
      const { rows } = await pool.query<{ state: string }>('SELECT state FROM campaign_plans WHERE id = $1', [planId]);
      if (!rows[0]) throw new Error(`no campaign plan ${planId}`);
      return rows[0].state;
    },
  };
}
