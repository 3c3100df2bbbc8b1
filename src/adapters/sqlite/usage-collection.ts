import { BusinessErrorType, reject } from '../../contracts/errors';
import { parseCdr } from '../../domain/billing/usage';
import type { UsagePort } from '../../ports/usage';
import { produceNetworkUsage } from '../../simulators/usage';
import { type Db, nextId, once } from './database';
import { auditHolds } from './usage-audit';
import { serviceMap } from './usage-mediation';
import { betweenChunks, CHUNK } from './usage-records';

/** Usage collected from the network elements, its records processed and distributed (once its audit allows). */
export function createSqliteUsageCollection(
  db: Db,
  now: () => string,
): Pick<UsagePort, 'lastCollectionEnd' | 'collect' | 'process' | 'distribute'> {
  return {
    async lastCollectionEnd() {
      return (db.prepare('SELECT MAX(period_end) FROM usage_collections').pluck().get() as string | null) ?? null;
    },

    async collect(key, c) {
      return once(db, key, 'collectUsage', () => {
        if (db.prepare('SELECT 1 FROM usage_collections WHERE id = ?').get(c.collectionId))
          reject(BusinessErrorType.ConflictingRequest, `collection ${c.collectionId} already exists`);
        db.prepare('INSERT INTO usage_collections (id, period_start, period_end, created_at) VALUES (?, ?, ?, ?)').run(
          c.collectionId,
          c.periodStart,
          c.periodEnd,
          now(),
        );
        // The elements deliver the period's records; collection takes whatever has not been collected yet,
        // the records posted through TMF635 among them (they keep their usage id).
        produceNetworkUsage(db, c.periodStart, c.periodEnd);
        const at = now();
        const collected = db
          .prepare(
            `INSERT INTO usage_records (collection_id, element_id, element_seq, raw, state, updated_at, usage_id)
             SELECT ?, element_id, seq, line, 'received', ?, usage_id FROM network_usage WHERE collected = 0
              ORDER BY element_id, seq`,
          )
          .run(c.collectionId, at).changes;
        db.prepare('UPDATE network_usage SET collected = 1 WHERE collected = 0').run();
        db.prepare('UPDATE usage_collections SET collected = ? WHERE id = ?').run(collected, c.collectionId);
        return { ...c, collected };
      });
    },

    async process(key, collectionId, progress) {
      // State-guarded (processed = 0): a retry finds nothing left to process and changes nothing.
      const { byElement, byService } = serviceMap(db);
      const pick = db.prepare(
        'SELECT id, raw, element_id FROM usage_records WHERE collection_id = ? AND processed = 0 ORDER BY id LIMIT ?',
      );
      const update = db.prepare(
        `UPDATE usage_records SET processed = 1, format_error = ?, usage_type = ?, correlation_id = ?, started_at = ?,
           quantity = ?, party = ?, resource_id = ?, service_id = ?, customer_id = ?, product_id = ?, product_offering_id = ?,
           updated_at = ? WHERE id = ?`,
      );
      const at = now();
      let done = 0;
      for (;;) {
        const rows = pick.all(collectionId, CHUNK) as Array<{ id: number; raw: string; element_id: string }>;
        if (!rows.length) break;
        db.transaction(() => {
          for (const r of rows) {
            const parsed = parseCdr(r.raw);
            const owner = byElement.get(r.element_id);
            const product = owner && byService.get(owner.serviceId);
            // A line that does not parse is kept with its error and none of the event's fields.
            const e = parsed.ok ? parsed.event : undefined;
            update.run(
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
              at,
              r.id,
            );
          }
        })();
        done += rows.length;
        await betweenChunks(progress, done);
      }
      const count = (where: string) =>
        db
          .prepare(`SELECT COUNT(*) FROM usage_records WHERE collection_id = ? AND processed = 1 ${where}`)
          .pluck()
          .get(collectionId) as number;
      db.prepare('UPDATE usage_collections SET processed = ? WHERE id = ?').run(count(''), collectionId);
      once(db, key, 'processUsage', () => null);
      return {
        processed: count(''),
        formatErrors: count('AND format_error IS NOT NULL'),
        unmapped: count('AND service_id IS NULL'),
      };
    },

    async distribute(key, collectionId, consumer) {
      return once(db, key, 'distributeUsage', () => {
        if (auditHolds(db, collectionId))
          reject(
            BusinessErrorType.InvalidStateTransition,
            `collection ${collectionId} failed its audit (1.AB.3.5.4): distribution waits until it is settled`,
          );
        const records = db
          .prepare('SELECT COUNT(*) FROM usage_records WHERE collection_id = ? AND processed = 1')
          .pluck()
          .get(collectionId) as number;
        const distributionId = nextId(db, 'UD');
        db.prepare(
          'INSERT INTO usage_distributions (id, collection_id, consumer, record_count, created_at) VALUES (?, ?, ?, ?, ?)',
        ).run(distributionId, collectionId, consumer, records, now());
        return { distributionId, records };
      });
    },
  };
}
