import { BusinessErrorType, reject } from '../../contracts/errors';
import { parseCdr } from '../../domain/billing/usage';
import type { BulkProgress, UsagePort } from '../../ports/usage';
import { type SimulationRow, simulateProduction } from '../../simulators/usage';
import { CHUNK } from '../sqlite/usage-records';
import { inTransaction, nextId, once, type Pool, type Tx } from './database';
import { meteredElements } from './rating-references';
import { auditHolds } from './usage-audit';

/**
 * Usage collected from the network elements (1.AB.3.5.1–3) on PostgreSQL. Collection takes the
 * records not yet collected with `FOR UPDATE SKIP LOCKED`, so two collections at once never take
 * one record twice; processing works a chunk at a time, each chunk one multi-row UPDATE.
 */

/** Which service and customer an element meters, and which product and offering a service belongs to. */
export async function serviceMap(db: Pool | Tx) {
  const byElement = new Map<string, { serviceId: string; customerId: string }>();
  for (const r of (
    await db.query<{ id: string; service_id: string; customer_id: string }>(
      'SELECT id, service_id, customer_id FROM resources WHERE service_id IS NOT NULL',
    )
  ).rows)
    byElement.set(r.id, { serviceId: r.service_id, customerId: r.customer_id });
  const byService = new Map<string, { productId: string; offeringId: string; active: boolean }>();
  for (const p of (
    await db.query<{
      id: string;
      product_offering_id: string;
      status: string;
      service_id: string;
      service_state: string | null;
    }>(
      `SELECT p.id, p.product_offering_id, p.status, j.id AS service_id, s.state AS service_state
         FROM products p CROSS JOIN LATERAL jsonb_array_elements_text(p.service_ids) j(id) LEFT JOIN services s ON s.id = j.id
        ORDER BY p.id COLLATE "C"`,
    )
  ).rows)
    byService.set(p.service_id, {
      productId: p.id,
      offeringId: p.product_offering_id,
      active: p.status === 'active' && p.service_state === 'active',
    });
  return { byElement, byService };
}

/** The simulated elements produce the period's records into network_usage (the usage simulator, on this store). */
async function produceNetworkUsage(tx: Tx, periodStart: string, periodEnd: string): Promise<void> {
  const sim = (await tx.query<SimulationRow>('SELECT * FROM usage_simulation WHERE id = 1 FOR UPDATE')).rows[0]!;
  const before = new Map(
    (
      await tx.query<{ element_id: string; produced: string }>(
        'SELECT element_id, produced FROM network_usage_counters',
      )
    ).rows.map((r) => [r.element_id, Number(r.produced)]),
  );
  const out = simulateProduction(sim, await meteredElements(tx), (e) => before.get(e) ?? 0, periodStart, periodEnd);
  for (let i = 0; i < out.lines.length; i += CHUNK) {
    const chunk = out.lines.slice(i, i + CHUNK);
    await tx.query(
      `INSERT INTO network_usage (element_id, seq, line, produced_at) SELECT e, s, l, $4 FROM unnest($1::text[], $2::bigint[], $3::text[]) AS n(e, s, l)`,
      [chunk.map((l) => l.elementId), chunk.map((l) => l.seq), chunk.map((l) => l.line), periodEnd],
    );
  }
  await tx.query(
    `INSERT INTO network_usage_counters (element_id, produced) SELECT * FROM unnest($1::text[], $2::bigint[])
     ON CONFLICT (element_id) DO UPDATE SET produced = excluded.produced`,
    [Object.keys(out.produced), Object.values(out.produced)],
  );
  await tx.query('UPDATE usage_simulation SET duplicates = $1, malformed = $2, lost = $3 WHERE id = 1', [
    out.left.duplicates,
    out.left.malformed,
    out.left.lost,
  ]);
}

export function createPostgresUsageCollection(
  pool: Pool,
  now: () => string,
): Pick<UsagePort, 'lastCollectionEnd' | 'collect' | 'process' | 'distribute'> {
  const count = async (collectionId: string, where = '') =>
    Number(
      (
        await pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM usage_records WHERE collection_id = $1 AND processed ${where}`,
          [collectionId],
        )
      ).rows[0]!.n,
    );
  return {
    async lastCollectionEnd() {
      return (
        await pool.query<{ end: string | null }>('SELECT MAX(period_end COLLATE "C") AS end FROM usage_collections')
      ).rows[0]!.end;
    },

    async collect(key, c) {
      return once(pool, key, 'collectUsage', async (tx) => {
        const { rowCount } = await tx.query(
          `INSERT INTO usage_collections (id, period_start, period_end, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO NOTHING`,
          [c.collectionId, c.periodStart, c.periodEnd, now()],
        );
        if (!rowCount) reject(BusinessErrorType.ConflictingRequest, `collection ${c.collectionId} already exists`);
        await produceNetworkUsage(tx, c.periodStart, c.periodEnd);
        // Whatever has not been collected yet, the records posted through TMF635 among them (they keep their usage id);
        // a record another collection is taking at this moment is left to it.
        const taken = await tx.query(
          `WITH taken AS (
             UPDATE network_usage n SET collected = true
              WHERE (n.element_id, n.seq) IN (SELECT element_id, seq FROM network_usage WHERE NOT collected FOR UPDATE SKIP LOCKED)
              RETURNING n.element_id, n.seq, n.line, n.usage_id)
           INSERT INTO usage_records (collection_id, element_id, element_seq, raw, state, updated_at, usage_id)
           SELECT $1, element_id, seq, line, 'received', $2, usage_id FROM taken ORDER BY element_id COLLATE "C", seq`,
          [c.collectionId, now()],
        );
        const collected = taken.rowCount ?? 0;
        await tx.query('UPDATE usage_collections SET collected = $1 WHERE id = $2', [collected, c.collectionId]);
        return { ...c, collected };
      });
    },

    async process(key, collectionId, progress?: BulkProgress) {
      // State-guarded (not processed): a retry finds nothing left to process and changes nothing.
      const { byElement, byService } = await serviceMap(pool);
      const at = now();
      let done = 0;
      for (;;) {
        const n = await inTransaction(pool, async (tx) => {
          const { rows } = await tx.query<{ id: string; raw: string; element_id: string }>(
            `SELECT id, raw, element_id FROM usage_records WHERE collection_id = $1 AND NOT processed
              ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
            [collectionId, CHUNK],
          );
          if (!rows.length) return 0;
          const cols = rows.map((r) => {
            const parsed = parseCdr(r.raw);
            const owner = byElement.get(r.element_id);
            const product = owner && byService.get(owner.serviceId);
            // A line that does not parse is kept with its error and none of the event's fields.
            const e = parsed.ok ? parsed.event : undefined;
            return [
              r.id,
              parsed.ok ? null : parsed.error,
              e?.usageType ?? null,
              e?.correlationId ?? null,
              e?.startedAt ?? null,
              e?.quantity ?? null,
              e?.party ?? null,
              r.element_id,
              owner?.serviceId ?? null,
              owner?.customerId ?? null,
              product?.productId ?? null,
              product?.offeringId ?? null,
            ];
          });
          const column = (i: number) => cols.map((c) => c[i]);
          await tx.query(
            `UPDATE usage_records u SET processed = true, format_error = v.format_error, usage_type = v.usage_type,
               correlation_id = v.correlation_id, started_at = v.started_at, quantity = v.quantity, party = v.party,
               resource_id = v.resource_id, service_id = v.service_id, customer_id = v.customer_id,
               product_id = v.product_id, product_offering_id = v.product_offering_id, updated_at = $13
              FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[],
                          $9::text[], $10::text[], $11::text[], $12::text[])
                AS v(id, format_error, usage_type, correlation_id, started_at, quantity, party, resource_id, service_id,
                     customer_id, product_id, product_offering_id)
             WHERE u.id = v.id`,
            [...Array.from({ length: 12 }, (_, i) => column(i)), at],
          );
          return rows.length;
        });
        if (!n) break;
        done += n;
        progress?.(done);
      }
      const processed = await count(collectionId);
      await pool.query('UPDATE usage_collections SET processed = $1 WHERE id = $2', [processed, collectionId]);
      await once(pool, key, 'processUsage', async () => null);
      return {
        processed,
        formatErrors: await count(collectionId, 'AND format_error IS NOT NULL'),
        unmapped: await count(collectionId, 'AND service_id IS NULL'),
      };
    },

    async distribute(key, collectionId, consumer) {
      return once(pool, key, 'distributeUsage', async (tx) => {
        if (await auditHolds(tx, collectionId))
          reject(
            BusinessErrorType.InvalidStateTransition,
            `collection ${collectionId} failed its audit (1.AB.3.5.4): distribution waits until it is settled`,
          );
        const { rows } = await tx.query<{ n: string }>(
          'SELECT count(*) AS n FROM usage_records WHERE collection_id = $1 AND processed',
          [collectionId],
        );
        const records = Number(rows[0]!.n);
        const distributionId = await nextId(tx, 'UD');
        await tx.query(
          'INSERT INTO usage_distributions (id, collection_id, consumer, record_count, created_at) VALUES ($1, $2, $3, $4, $5)',
          [distributionId, collectionId, consumer, records, now()],
        );
        return { distributionId, records };
      });
    },
  };
}
