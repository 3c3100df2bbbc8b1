import type { Clock } from '../../ports/clock';
import type { RatingReferencePort, TariffGap } from '../../ports/rating-references';
import { type MeteredElement, type MeteringRow, meteredOf } from '../../simulators/usage';
import { nextId, once, type Pool, type Tx } from './database';
import { sqliteShaped } from './rows';

/**
 * The reference data rating uses (1.O.2.1.5) on PostgreSQL, the same contract as the SQLite
 * adapter (test/ports/rating-references.contract.ts runs on both). A class's tariffs are given in
 * the SQLite store's row shape (tiers as JSON text), which is what rating reads back from a
 * version (tariffsInForce). Versions of one class are numbered one at a time (a transaction lock
 * on the class), so workers recording the same change at once record it once.
 */

/** The elements of the active services of products that are not suspended (the usage simulator's meters). */
export async function meteredElements(db: Pool | Tx): Promise<MeteredElement[]> {
  const { rows } = await db.query<MeteringRow>(
    `SELECT s.id AS service_id, s.cfs_spec_id, r.id AS element_id, r.resource_type
       FROM services s JOIN resources r ON r.service_id = s.id
      WHERE s.state = 'active'
        AND NOT EXISTS (SELECT 1 FROM products p, jsonb_array_elements_text(p.service_ids) j(id)
                         WHERE j.id = s.id AND p.status <> 'active')
      ORDER BY s.id COLLATE "C", r.id COLLATE "C"`,
  );
  return meteredOf(rows);
}

const latest = async (db: Pool | Tx, cfsSpecId: string) =>
  (
    await db.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM rating_reference_versions WHERE cfs_spec_id = $1 ORDER BY version DESC LIMIT 1',
      [cfsSpecId],
    )
  ).rows[0];

export function createPostgresRatingReferences(pool: Pool, clock: Clock): RatingReferencePort {
  const now = () => clock().toISOString();
  return {
    async ratingReference() {
      const has = await pool.query<{ has: boolean }>('SELECT EXISTS (SELECT 1 FROM tariffs) AS has');
      // Rating's tariffs, by the offerings that sell each class; with none, the catalog prices are all there is.
      const { rows } = await pool.query<{ cfs: string; prices: unknown[] }>(
        `SELECT c.id AS cfs,
                json_agg(json_build_object('offering', o.id, 'recurringMinor', o.recurring_minor, 'oneTimeMinor', o.one_time_minor)
                         ORDER BY o.id COLLATE "C") AS prices
           FROM cfs_specs c LEFT JOIN offering_services os ON os.cfs_spec_id = c.id
           LEFT JOIN product_offerings o ON o.id = os.offering_id
          GROUP BY c.id ORDER BY c.id COLLATE "C"`,
      );
      const classes = [];
      for (const r of rows) {
        const tariffs = await pool.query(
          `SELECT t.* FROM tariffs t JOIN offering_services os ON os.offering_id = t.product_offering_id
            WHERE os.cfs_spec_id = $1 ORDER BY t.id COLLATE "C"`,
          [r.cfs],
        );
        classes.push({
          cfsSpecId: r.cfs,
          content: { prices: r.prices, tariffs: tariffs.rows.map((t) => sqliteShaped<object>(t)) },
        });
      }
      return { tariffSource: has.rows[0]!.has ? 'tariffs' : null, classes };
    },

    async tariffGaps() {
      const elements = await meteredElements(pool);
      if (!elements.length) return [];
      // Each metered service's active product's offering, and whether a tariff prices the usage it meters.
      const { rows } = await pool.query<{ service_id: string; usage_type: string; offering: string; priced: boolean }>(
        `SELECT e.service_id, e.usage_type, p.product_offering_id AS offering,
                EXISTS (SELECT 1 FROM tariffs t WHERE t.product_offering_id = p.product_offering_id
                          AND t.usage_type = e.usage_type) AS priced
           FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS e(service_id, usage_type, n)
           CROSS JOIN LATERAL (SELECT p.product_offering_id FROM products p, jsonb_array_elements_text(p.service_ids) j(id)
                                WHERE j.id = e.service_id AND p.status = 'active' LIMIT 1) p
          ORDER BY e.n`,
        [elements.map((e) => e.serviceId), elements.map((e) => e.usageType)],
      );
      const gaps = new Map<string, TariffGap>();
      for (const r of rows) {
        if (r.priced) continue;
        const gap = gaps.get(`${r.offering}/${r.usage_type}`) ?? {
          productOfferingId: r.offering,
          usageType: r.usage_type,
          serviceIds: [],
        };
        if (!gap.serviceIds.includes(r.service_id)) gap.serviceIds.push(r.service_id);
        gaps.set(`${r.offering}/${r.usage_type}`, gap);
      }
      return [...gaps.values()].sort((a, b) => a.productOfferingId.localeCompare(b.productOfferingId));
    },

    async pricedSinceRejected() {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM usage_records r WHERE r.state = 'rejected' AND r.reject_reason = 'NO_TARIFF'
           AND EXISTS (SELECT 1 FROM tariffs t WHERE t.product_offering_id = r.product_offering_id AND t.usage_type = r.usage_type)`,
      );
      return Number(rows[0]!.n);
    },

    async latestRatingVersion(cfsSpecId) {
      return latest(pool, cfsSpecId);
    },

    async recordRatingVersion(key, v) {
      return once(pool, key, 'recordRatingVersion', async (tx) => {
        // One writer per class at a time: the next sees this version, and the same checksum records nothing.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rating-reference/${v.cfsSpecId}`]);
        const last = await latest(tx, v.cfsSpecId);
        if (last?.checksum === v.checksum) return last.version;
        const version = (last?.version ?? 0) + 1;
        await tx.query(
          `INSERT INTO rating_reference_versions (id, cfs_spec_id, version, checksum, source, content, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [await nextId(tx, 'RV'), v.cfsSpecId, version, v.checksum, v.source, JSON.stringify(v.content), now()],
        );
        return version;
      });
    },
  };
}
