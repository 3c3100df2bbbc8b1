import { BusinessErrorType, reject } from '../../contracts/errors';
import { type CycleCounter, rateOnCounter } from '../../domain/billing/rating';
import { RECYCLABLE, type RejectReason, utcMillis, type UsageType } from '../../domain/billing/usage';
import type { BulkProgress, MediationResult, UsageEvents, UsagePort } from '../../ports/usage';
import { CHUNK, type RecordRow } from '../sqlite/usage-records';
import { inTransaction, once, type Pool, type Tx } from './database';
import { sqliteShaped } from './rows';
import { RECORD_BIGINTS, tariffsInForce } from './usage-rows';
import { serviceMap } from './usage-collection';
import { publishUsage } from './usage-submissions';

/**
 * Mediation and rating (1.B.2.5.1–2) on PostgreSQL: a chunk of records at a time, taken with
 * `FOR UPDATE SKIP LOCKED` and written back in one multi-row UPDATE per outcome, in one
 * transaction per chunk. Rating holds a transaction lock on the cycle while it rates a chunk and
 * reads the counters inside it, so two workers rating at once never count an allowance twice.
 */

/** Sets columns of many records by id in one statement: `columns` name the values' SQL types. */
async function updateMany(
  tx: Tx,
  set: string,
  columns: Record<string, string>,
  values: unknown[][],
  extra: unknown[],
  guard: string,
): Promise<void> {
  if (!values.length) return;
  const names = Object.keys(columns);
  const params = names.map((_, i) => values.map((v) => v[i]));
  await tx.query(
    `UPDATE usage_records u SET ${set}
       FROM unnest(${names.map((n, i) => `$${i + 1}::${columns[n]}[]`).join(', ')}) AS v(${names.join(', ')})
      WHERE u.id = v.id AND ${guard}`,
    [...params, ...extra],
  );
}

export function createPostgresUsageRating(
  pool: Pool,
  now: () => string,
): Pick<UsagePort, 'mediate' | 'recycle' | 'rate'> {
  const tariffKey = (offeringId: string, usageType: string) => `${offeringId}/${usageType}`;
  const publishAll = async (tx: Tx, publish: UsageEvents | undefined, usageIds: string[], at: string) => {
    for (const id of usageIds) await publishUsage(tx, publish, id, 'UsageStateChangeEvent', at);
  };

  return {
    async mediate(key, collectionId, progress?: BulkProgress, publish?: UsageEvents) {
      const tariffs = new Map(
        (await tariffsInForce(pool)).map((t) => [tariffKey(t.productOfferingId, t.usageType), t]),
      );
      const { byElement, byService } = await serviceMap(pool);
      const result: MediationResult = { guided: 0, rejected: {}, aggregates: [] };
      const agg = new Map<string, MediationResult['aggregates'][number]>();
      const at = now();
      let done = 0;
      for (;;) {
        const n = await inTransaction(pool, async (tx) => {
          const { rows } = await tx.query(
            `SELECT * FROM usage_records WHERE state IN ('received', 'recycled') AND processed
               ${collectionId === null ? '' : 'AND collection_id = $2'} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
            collectionId === null ? [CHUNK] : [CHUNK, collectionId],
          );
          if (!rows.length) return 0;
          const records = rows.map((r) => sqliteShaped<RecordRow>(r, RECORD_BIGINTS));
          // An event already guided, rated or billed elsewhere (or earlier in this chunk) is a duplicate.
          const seen = new Set(
            (
              await tx.query<{ c: string }>(
                `SELECT DISTINCT correlation_id AS c FROM usage_records
                  WHERE correlation_id = ANY($1) AND state IN ('guided', 'rated', 'billed')`,
                [records.flatMap((r) => (r.correlation_id ? [r.correlation_id] : []))],
              )
            ).rows.map((r) => r.c),
          );
          const guided: unknown[][] = [];
          const refused: unknown[][] = [];
          const published: string[] = [];
          for (const r of records) {
            const owner = r.service_id
              ? { serviceId: r.service_id, customerId: r.customer_id! }
              : byElement.get(r.element_id);
            const product = owner && byService.get(owner.serviceId);
            const tariff =
              product && r.usage_type ? tariffs.get(tariffKey(product.offeringId, r.usage_type)) : undefined;
            const reason: RejectReason | null = r.format_error
              ? 'MALFORMED'
              : !owner || !product
                ? 'UNKNOWN_RESOURCE'
                : r.correlation_id && seen.has(r.correlation_id)
                  ? 'DUPLICATE'
                  : !product.active
                    ? 'SERVICE_NOT_ACTIVE'
                    : !tariff
                      ? 'NO_TARIFF'
                      : null;
            if (reason) {
              refused.push([r.id, reason]);
              // A record posted through TMF635 tells its listeners why it was refused.
              if (r.usage_id) published.push(r.usage_id);
              result.rejected[reason] = (result.rejected[reason] ?? 0) + 1;
              continue;
            }
            if (r.correlation_id) seen.add(r.correlation_id);
            guided.push([
              r.id,
              owner!.serviceId,
              owner!.customerId,
              product!.productId,
              product!.offeringId,
              tariff!.id,
            ]);
            result.guided++;
            const k = `${owner!.serviceId}/${r.usage_type}`;
            const a = agg.get(k) ?? { serviceId: owner!.serviceId, usageType: r.usage_type!, records: 0, quantity: 0 };
            a.records++;
            a.quantity += r.quantity ?? 0;
            agg.set(k, a);
          }
          const open = "u.state IN ('received', 'recycled')";
          await updateMany(
            tx,
            `state = 'guided', reject_reason = NULL, service_id = v.service_id, customer_id = v.customer_id,
             product_id = v.product_id, product_offering_id = v.offering_id, tariff_id = v.tariff_id, updated_at = $7`,
            {
              id: 'bigint',
              service_id: 'text',
              customer_id: 'text',
              product_id: 'text',
              offering_id: 'text',
              tariff_id: 'text',
            },
            guided,
            [at],
            open,
          );
          await updateMany(
            tx,
            `state = 'rejected', reject_reason = v.reason, updated_at = $3`,
            { id: 'bigint', reason: 'text' },
            refused,
            [at],
            open,
          );
          await publishAll(tx, publish, published, at);
          return rows.length;
        });
        if (!n) break;
        done += n;
        progress?.(done);
      }
      result.aggregates = [...agg.values()].sort((a, b) => a.serviceId.localeCompare(b.serviceId));
      return once(pool, key, 'mediateUsage', async () => result);
    },

    async recycle(key, reasons) {
      return once(pool, key, 'recycleUsage', async (tx) => {
        const allowed = reasons.filter((r) => RECYCLABLE.includes(r));
        if (allowed.length !== reasons.length)
          reject(BusinessErrorType.InvalidStateTransition, `only ${RECYCLABLE.join(', ')} rejections can be recycled`);
        const { rowCount } = await tx.query(
          `UPDATE usage_records SET state = 'recycled', updated_at = $1 WHERE state = 'rejected' AND reject_reason = ANY($2)`,
          [now(), allowed],
        );
        return { recycled: rowCount ?? 0 };
      });
    },

    async rate(key, c, progress?: BulkProgress, publish?: UsageEvents) {
      const tariffs = new Map((await tariffsInForce(pool)).map((t) => [t.id, t]));
      const scope = c.collectionId === null ? '' : 'AND collection_id = $2';
      const scopeArgs = c.collectionId === null ? [] : [c.collectionId];
      const at = now();
      let done = 0;
      for (;;) {
        const n = await inTransaction(pool, async (tx) => {
          // One rater per cycle at a time: the counters read below are the ones this chunk moves on.
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`usage-rating/${c.cycleId}`]);
          // Allowances go to the earliest usage of the cycle: records are rated in the order they happened.
          const { rows } = await tx.query<{
            id: string;
            service_id: string;
            usage_type: UsageType;
            tariff_id: string;
            started_at: string;
            quantity: string;
            usage_id: string | null;
          }>(
            `SELECT id, service_id, usage_type, tariff_id, started_at, quantity, usage_id FROM usage_records
              WHERE state = 'guided' ${scope} ORDER BY started_at COLLATE "C", id LIMIT $1`,
            [CHUNK, ...scopeArgs],
          );
          if (!rows.length) return 0;
          const counters = new Map<string, CycleCounter>();
          const used = new Map(
            (
              await tx.query<{ service_id: string; usage_type: string; units_used: string }>(
                `SELECT service_id, usage_type, units_used FROM usage_counters
                  WHERE cycle_id = $1 AND service_id = ANY($2)`,
                [c.cycleId, [...new Set(rows.map((r) => r.service_id))]],
              )
            ).rows.map((u) => [`${u.service_id}\u0000${u.usage_type}`, Number(u.units_used)]),
          );
          const rated: unknown[][] = [];
          const published: string[] = [];
          for (const r of rows) {
            const tariff = tariffs.get(r.tariff_id);
            if (!tariff)
              reject(BusinessErrorType.NotFound, `tariff ${r.tariff_id} of usage record ${r.id} no longer exists`);
            const ck = `${r.service_id}\u0000${r.usage_type}`;
            // The counter follows the service; the tariff is the one mediation guided this record to.
            const counter: CycleCounter = {
              tariff: tariff!,
              unitsUsed: counters.get(ck)?.unitsUsed ?? used.get(ck) ?? 0,
            };
            const result = rateOnCounter(counter, Number(r.quantity), utcMillis(r.started_at));
            counters.set(ck, counter);
            rated.push([r.id, result.units, result.allowanceUnits, result.chargeMinor, JSON.stringify(result.parts)]);
            // Only records posted through TMF635 publish: a network's million a run publish nothing.
            if (r.usage_id) published.push(r.usage_id);
          }
          await updateMany(
            tx,
            `state = 'rated', cycle_id = $6, units = v.units, allowance_units = v.allowance, charge_minor = v.charge,
             rating = v.rating, updated_at = $7`,
            { id: 'bigint', units: 'bigint', allowance: 'bigint', charge: 'bigint', rating: 'jsonb' },
            rated,
            [c.cycleId, at],
            "u.state = 'guided'",
          );
          const touched = [...counters.entries()].map(([ck, counter]) => [...ck.split('\u0000'), counter.unitsUsed]);
          await tx.query(
            `INSERT INTO usage_counters (service_id, usage_type, cycle_id, units_used)
             SELECT s, t, $4, u FROM unnest($1::text[], $2::text[], $3::bigint[]) AS v(s, t, u)
             ON CONFLICT (service_id, usage_type, cycle_id) DO UPDATE SET units_used = excluded.units_used`,
            [touched.map((t) => t[0]), touched.map((t) => t[1]), touched.map((t) => t[2]), c.cycleId],
          );
          await publishAll(tx, publish, published, at);
          return rows.length;
        });
        if (!n) break;
        done += n;
        progress?.(done);
      }
      const totals = (
        await pool.query<{ rated: string; charge: string }>(
          `SELECT count(*) AS rated, COALESCE(SUM(charge_minor), 0) AS charge FROM usage_records
            WHERE cycle_id = $1 AND state IN ('rated', 'billed') ${scope}`,
          [c.cycleId, ...scopeArgs],
        )
      ).rows[0]!;
      return once(pool, key, 'rateUsage', async () => ({
        rated: Number(totals.rated),
        chargeMinor: Number(totals.charge),
      }));
    },
  };
}
