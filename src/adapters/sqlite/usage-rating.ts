import { BusinessErrorType, reject } from '../../contracts/errors';
import { type CycleCounter, rateOnCounter } from '../../domain/billing/rating';
import { utcMillis, type UsageType } from '../../domain/billing/usage';
import type { UsagePort } from '../../ports/usage';
import { type Db, once } from './database';
import { betweenChunks, CHUNK } from './usage-records';
import { publishUsage } from './usage-submissions';
import { tariffsInForce } from './usage-tariffs';

/** Rating: guided records charged on their tariff, against the service's counter for the cycle. */
export function createSqliteUsageRating(db: Db, now: () => string): Pick<UsagePort, 'rate'> {
  return {
    async rate(key, c, progress, publish) {
      const tariffs = new Map(tariffsInForce(db).map((t) => [t.id, t]));
      const counters = new Map<string, CycleCounter>();
      const counterOf = db.prepare(
        'SELECT units_used FROM usage_counters WHERE service_id = ? AND usage_type = ? AND cycle_id = ?',
      );
      const saveCounter = db.prepare(
        `INSERT INTO usage_counters (service_id, usage_type, cycle_id, units_used) VALUES (?, ?, ?, ?)
         ON CONFLICT (service_id, usage_type, cycle_id) DO UPDATE SET units_used = excluded.units_used`,
      );
      const scope = c.collectionId === null ? '' : 'AND collection_id = ?';
      // Allowances go to the earliest usage of the cycle: records are rated in the order they happened.
      const pick = db.prepare(
        `SELECT id, service_id, usage_type, tariff_id, started_at, quantity, usage_id FROM usage_records
          WHERE state = 'guided' ${scope} ORDER BY started_at, id LIMIT ?`,
      );
      const rated = db.prepare(
        `UPDATE usage_records SET state = 'rated', cycle_id = ?, units = ?, allowance_units = ?, charge_minor = ?, rating = ?,
           updated_at = ? WHERE id = ? AND state = 'guided'`,
      );
      const at = now();
      let done = 0;
      for (;;) {
        const rows = (c.collectionId === null ? pick.all(CHUNK) : pick.all(c.collectionId, CHUNK)) as Array<{
          id: number;
          service_id: string;
          usage_type: UsageType;
          tariff_id: string;
          started_at: string;
          quantity: number;
          usage_id: string | null;
        }>;
        if (!rows.length) break;
        const touched = new Set<string>();
        db.transaction(() => {
          for (const r of rows) {
            const tariff = tariffs.get(r.tariff_id);
            if (!tariff)
              reject(BusinessErrorType.NotFound, `tariff ${r.tariff_id} of usage record ${r.id} no longer exists`);
            const ck = `${r.service_id}\u0000${r.usage_type}`;
            const unitsUsed =
              counters.get(ck)?.unitsUsed ??
              (counterOf.pluck().get(r.service_id, r.usage_type, c.cycleId) as number | undefined) ??
              0;
            // The counter follows the service; the tariff is the one mediation guided this record to.
            const counter: CycleCounter = { tariff: tariff!, unitsUsed };
            const result = rateOnCounter(counter, r.quantity, utcMillis(r.started_at));
            counters.set(ck, counter);
            touched.add(ck);
            const changed = rated.run(
              c.cycleId,
              result.units,
              result.allowanceUnits,
              result.chargeMinor,
              JSON.stringify(result.parts),
              at,
              r.id,
            ).changes;
            // Only records posted through TMF635 publish: a network's million a run publish nothing.
            if (changed && r.usage_id) publishUsage(db, publish, r.usage_id, 'UsageStateChangeEvent', at);
          }
          for (const ck of touched) {
            const [serviceId, usageType] = ck.split('\u0000') as [string, string];
            saveCounter.run(serviceId, usageType, c.cycleId, counters.get(ck)!.unitsUsed);
          }
        })();
        done += rows.length;
        await betweenChunks(progress, done);
      }
      const scopeArgs = c.collectionId === null ? [c.cycleId] : [c.cycleId, c.collectionId];
      const totals = db
        .prepare(
          `SELECT COUNT(*) AS rated, COALESCE(SUM(charge_minor), 0) AS chargeMinor FROM usage_records
            WHERE cycle_id = ? AND state IN ('rated', 'billed') ${scope}`,
        )
        .get(...scopeArgs) as { rated: number; chargeMinor: number };
      return once(db, key, 'rateUsage', () => totals);
    },
  };
}
