import type { Clock } from '../../ports/clock';
import type { RatingReferencePort } from '../../ports/rating-references';
import { meteredElements } from '../../simulators/usage';
import { type Db, json, nextId, once } from './database';
import { rowsOf } from './readiness-sql';

export function createSqliteRatingReferences(db: Db, clock: Clock): RatingReferencePort {
  const now = () => clock().toISOString();
  const all = rowsOf(db);

  return {
    async ratingReference() {
      // Rating's tariffs, by the offerings that sell each class; with none, the catalog prices are all there is.
      const hasTariffs = db.prepare('SELECT EXISTS (SELECT 1 FROM tariffs)').pluck().get() === 1;
      const classes = all(
        `SELECT c.id AS cfs, json_group_array(json_object('offering', o.id, 'recurringMinor', o.recurring_minor, 'oneTimeMinor', o.one_time_minor)) AS prices
         FROM cfs_specs c LEFT JOIN offering_services os ON os.cfs_spec_id = c.id LEFT JOIN product_offerings o ON o.id = os.offering_id
         GROUP BY c.id ORDER BY c.id`,
      ).map((r) => {
        const cfs = String(r['cfs']);
        const tariffs = all(
          `SELECT t.* FROM tariffs t JOIN offering_services os ON os.offering_id = t.product_offering_id WHERE os.cfs_spec_id = ?`,
          cfs,
        );
        return { cfsSpecId: cfs, content: { prices: json.parse(String(r['prices'])), tariffs } };
      });
      return { tariffSource: hasTariffs ? 'tariffs' : null, classes };
    },
    async tariffGaps() {
      const offeringOf = db.prepare(
        `SELECT p.product_offering_id FROM products p, json_each(p.service_ids) j WHERE j.value = ? AND p.status = 'active'`,
      );
      const priced = db.prepare('SELECT 1 FROM tariffs WHERE product_offering_id = ? AND usage_type = ?');
      const gaps = new Map<string, { productOfferingId: string; usageType: string; serviceIds: string[] }>();
      for (const el of meteredElements(db)) {
        const offering = offeringOf.pluck().get(el.serviceId) as string | undefined;
        if (!offering || priced.get(offering, el.usageType)) continue;
        const gap = gaps.get(`${offering}/${el.usageType}`) ?? {
          productOfferingId: offering,
          usageType: el.usageType,
          serviceIds: [],
        };
        if (!gap.serviceIds.includes(el.serviceId)) gap.serviceIds.push(el.serviceId);
        gaps.set(`${offering}/${el.usageType}`, gap);
      }
      return [...gaps.values()].sort((a, b) => a.productOfferingId.localeCompare(b.productOfferingId));
    },
    async pricedSinceRejected() {
      return db
        .prepare(
          `SELECT COUNT(*) FROM usage_records r WHERE r.state = 'rejected' AND r.reject_reason = 'NO_TARIFF'
             AND EXISTS (SELECT 1 FROM tariffs t WHERE t.product_offering_id = r.product_offering_id AND t.usage_type = r.usage_type)`,
        )
        .pluck()
        .get() as number;
    },
    async latestRatingVersion(cfsSpecId) {
      const r = db
        .prepare(
          'SELECT version, checksum FROM rating_reference_versions WHERE cfs_spec_id = ? ORDER BY version DESC LIMIT 1',
        )
        .get(cfsSpecId) as { version: number; checksum: string } | undefined;
      return r;
    },
    async recordRatingVersion(key, v) {
      return once(db, key, 'recordRatingVersion', () => {
        const latest = db
          .prepare(
            'SELECT version, checksum FROM rating_reference_versions WHERE cfs_spec_id = ? ORDER BY version DESC LIMIT 1',
          )
          .get(v.cfsSpecId) as { version: number; checksum: string } | undefined;
        if (latest?.checksum === v.checksum) return latest.version;
        const version = (latest?.version ?? 0) + 1;
        db.prepare(
          `INSERT INTO rating_reference_versions (id, cfs_spec_id, version, checksum, source, content, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(nextId(db, 'RV'), v.cfsSpecId, version, v.checksum, v.source, json.stringify(v.content), now());
        return version;
      });
    },
  };
}
