import type { UsageRecordState } from '../../domain/billing/usage';
import type { Clock } from '../../ports/clock';
import type { UsagePort, UsageRecord, UsageReport } from '../../ports/usage';
import { type TariffRow, toTariff } from '../sqlite/usage-tariffs';
import { nextId, once, type Pool } from './database';
import { sqliteShaped } from './rows';
import { createPostgresUsageAudit } from './usage-audit';
import { createPostgresUsageCollection } from './usage-collection';
import { createPostgresUsageRating } from './usage-rating';
import { allTariffs, conditions, recordOf } from './usage-rows';
import { createPostgresUsageSubmissions } from './usage-submissions';

/**
 * Usage on PostgreSQL, from the network elements (and TMF635) to rated records: the same contract
 * as the SQLite adapter (test/ports/usage.contract.ts runs on both), read through its row mappers.
 * Bulk passes (process, mediate, rate) go through the database a chunk at a time, each chunk one
 * transaction of multi-row statements: a collection of millions is never held in memory.
 */

export function createPostgresUsage(pool: Pool, clock: Clock): UsagePort {
  const now = () => clock().toISOString();
  const tariffFor = async (offeringId: string, usageType: string) => {
    const { rows } = await pool.query('SELECT * FROM tariffs WHERE product_offering_id = $1 AND usage_type = $2', [
      offeringId,
      usageType,
    ]);
    return rows[0] && toTariff(sqliteShaped<TariffRow>(rows[0]));
  };
  return {
    ...createPostgresUsageCollection(pool, now),
    ...createPostgresUsageAudit(pool, now),
    ...createPostgresUsageRating(pool, now),
    ...createPostgresUsageSubmissions(pool),

    async tariffs() {
      return allTariffs(pool);
    },
    tariffFor,
    async upsertTariff(key, t) {
      await once(pool, key, 'upsertTariff', async (tx) => {
        await tx.query(
          `INSERT INTO tariffs (id, product_offering_id, usage_type, name, unit_size, unit_label, allowance_units, tiers,
             peak_start_hour, peak_end_hour, currency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit_size = excluded.unit_size, unit_label = excluded.unit_label,
             allowance_units = excluded.allowance_units, tiers = excluded.tiers, peak_start_hour = excluded.peak_start_hour,
             peak_end_hour = excluded.peak_end_hour, currency = excluded.currency`,
          [
            t.id,
            t.productOfferingId,
            t.usageType,
            t.name,
            t.unitSize,
            t.unitLabel,
            t.allowanceUnits,
            JSON.stringify(t.tiers),
            t.peak?.startHour ?? null,
            t.peak?.endHour ?? null,
            t.currency,
          ],
        );
        return t.id;
      });
      return (await tariffFor(t.productOfferingId, t.usageType))!;
    },
    async removeTariff(key, tariffId) {
      await once(
        pool,
        key,
        'removeTariff',
        async (tx) => (await tx.query('DELETE FROM tariffs WHERE id = $1', [tariffId])).rowCount,
      );
    },

    async records(f) {
      const { where, args } = conditions({
        collection_id: f.collectionId,
        customer_id: f.customerId,
        state: f.state,
        bill_id: f.billId,
      });
      const { rows } = await pool.query(
        `SELECT * FROM usage_records ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
        args,
      );
      return rows.map(recordOf);
    },
    async record(id): Promise<UsageRecord | undefined> {
      const { rows } = await pool.query('SELECT * FROM usage_records WHERE id = $1', [id]);
      return rows[0] && recordOf(rows[0]);
    },
    async countByState(collectionId) {
      const { rows } = await pool.query<{ state: UsageRecordState; n: string }>(
        `SELECT state, count(*) AS n FROM usage_records ${collectionId ? 'WHERE collection_id = $1' : ''} GROUP BY state`,
        collectionId ? [collectionId] : [],
      );
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    },

    async analyze(key, scope) {
      return once(pool, key, 'analyzeUsage', async (tx): Promise<UsageReport> => {
        const { where, args } = conditions({ collection_id: scope.collectionId, customer_id: scope.customerId });
        const w = ["state IN ('rated', 'billed')", ...where].join(' AND ');
        const byCustomer = (
          await tx.query(
            `SELECT customer_id AS "customerId", usage_type AS "usageType", count(*) AS records, SUM(quantity) AS quantity,
                    SUM(charge_minor) AS "chargeMinor" FROM usage_records WHERE ${w}
              GROUP BY customer_id, usage_type ORDER BY customer_id COLLATE "C", usage_type COLLATE "C"`,
            args,
          )
        ).rows.map((r) => sqliteShaped<UsageReport['byCustomer'][number]>(r, ['records', 'quantity', 'chargeMinor']));
        const anomalies: UsageReport['anomalies'] = [];
        type Found = { service_id: string; correlation_id: string; quantity: string; n: string };
        // A call of more than two hours: a line left open, or a line used by someone else.
        for (const r of (
          await tx.query<Found>(
            `SELECT service_id, correlation_id, quantity FROM usage_records WHERE ${w} AND usage_type = 'voice' AND quantity > 7200 ORDER BY id`,
            args,
          )
        ).rows)
          anomalies.push({
            kind: 'longCall',
            serviceId: r.service_id,
            detail: `${r.correlation_id} lasted ${r.quantity} s`,
          });
        // Heavy traffic in the small hours: a compromised router, or a complaint about a bill to explain.
        for (const r of (
          await tx.query<Found>(
            `SELECT service_id, correlation_id, quantity FROM usage_records WHERE ${w} AND usage_type = 'data'
               AND substr(started_at, 12, 2)::int < 5 AND quantity > 3000 ORDER BY id`,
            args,
          )
        ).rows)
          anomalies.push({
            kind: 'nightVolume',
            serviceId: r.service_id,
            detail: `${r.correlation_id}: ${r.quantity} MB at night`,
          });
        // The same event charged twice must never happen: mediation exists to prevent it.
        for (const r of (
          await tx.query<Found>(
            `SELECT min(service_id) AS service_id, correlation_id, count(*) AS n FROM usage_records WHERE ${w}
              GROUP BY correlation_id HAVING count(*) > 1 ORDER BY correlation_id COLLATE "C"`,
            args,
          )
        ).rows)
          anomalies.push({
            kind: 'duplicateCharge',
            serviceId: r.service_id,
            detail: `${r.correlation_id} charged ${r.n} times`,
          });
        const reportId = await nextId(tx, 'UR');
        const scopeText = JSON.stringify(scope);
        await tx.query(
          'INSERT INTO usage_reports (id, scope, content, anomalies, created_at) VALUES ($1, $2, $3, $4, $5)',
          [reportId, scopeText, JSON.stringify(byCustomer), JSON.stringify(anomalies), now()],
        );
        return { reportId, scope: scopeText, byCustomer, anomalies };
      });
    },
  };
}
