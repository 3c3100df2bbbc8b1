import { BusinessErrorType, reject } from '../../contracts/errors';
import { RECYCLABLE, type RejectReason } from '../../domain/billing/usage';
import type { MediationResult, UsagePort } from '../../ports/usage';
import { type Db, once } from './database';
import { betweenChunks, CHUNK, type RecordRow } from './usage-records';
import { publishUsage } from './usage-submissions';
import { tariffsInForce } from './usage-tariffs';

/** Which service, customer and product an element's usage belongs to (the resource → service mapping). */
export function serviceMap(db: Db) {
  const byElement = new Map<string, { serviceId: string; customerId: string }>();
  for (const r of db
    .prepare('SELECT id, service_id, customer_id FROM resources WHERE service_id IS NOT NULL')
    .all() as Array<{ id: string; service_id: string; customer_id: string }>)
    byElement.set(r.id, { serviceId: r.service_id, customerId: r.customer_id });
  const byService = new Map<string, { productId: string; offeringId: string; active: boolean }>();
  for (const p of db
    .prepare(
      `SELECT p.id, p.product_offering_id, p.status, j.value AS service_id, s.state AS service_state
         FROM products p, json_each(p.service_ids) j LEFT JOIN services s ON s.id = j.value`,
    )
    .all() as Array<{
    id: string;
    product_offering_id: string;
    status: string;
    service_id: string;
    service_state: string | null;
  }>)
    byService.set(p.service_id, {
      productId: p.id,
      offeringId: p.product_offering_id,
      active: p.status === 'active' && p.service_state === 'active',
    });
  return { byElement, byService };
}

/** Mediation: each processed record guided to its service and tariff, or rejected with its reason; rejections recycled. */
export function createSqliteUsageMediation(db: Db, now: () => string): Pick<UsagePort, 'mediate' | 'recycle'> {
  const tariffKey = (offeringId: string, usageType: string) => `${offeringId}/${usageType}`;
  return {
    async mediate(key, collectionId, progress, publish) {
      const tariffs = new Map(tariffsInForce(db).map((t) => [tariffKey(t.productOfferingId, t.usageType), t]));
      const { byElement, byService } = serviceMap(db);
      const scope = collectionId === null ? '' : 'AND collection_id = ?';
      const pick = db.prepare(
        `SELECT * FROM usage_records WHERE state IN ('received', 'recycled') AND processed = 1 ${scope} ORDER BY id LIMIT ?`,
      );
      const seenElsewhere = db.prepare(
        `SELECT 1 FROM usage_records WHERE correlation_id = ? AND id <> ? AND state IN ('guided', 'rated', 'billed') LIMIT 1`,
      );
      const guide = db.prepare(
        `UPDATE usage_records SET state = 'guided', reject_reason = NULL, service_id = ?, customer_id = ?, product_id = ?,
           product_offering_id = ?, tariff_id = ?, updated_at = ? WHERE id = ? AND state IN ('received', 'recycled')`,
      );
      const refuse = db.prepare(
        `UPDATE usage_records SET state = 'rejected', reject_reason = ?, updated_at = ? WHERE id = ? AND state IN ('received', 'recycled')`,
      );
      const result: MediationResult = { guided: 0, rejected: {}, aggregates: [] };
      const agg = new Map<string, MediationResult['aggregates'][number]>();
      const at = now();
      let done = 0;
      for (;;) {
        const rows = (collectionId === null ? pick.all(CHUNK) : pick.all(collectionId, CHUNK)) as RecordRow[];
        if (!rows.length) break;
        db.transaction(() => {
          for (const r of rows) {
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
                : seenElsewhere.get(r.correlation_id, r.id)
                  ? 'DUPLICATE'
                  : !product.active
                    ? 'SERVICE_NOT_ACTIVE'
                    : !tariff
                      ? 'NO_TARIFF'
                      : null;
            if (reason) {
              // A record posted through TMF635 tells its listeners why it was refused.
              if (refuse.run(reason, at, r.id).changes && r.usage_id)
                publishUsage(db, publish, r.usage_id, 'UsageStateChangeEvent', at);
              result.rejected[reason] = (result.rejected[reason] ?? 0) + 1;
              continue;
            }
            guide.run(
              owner!.serviceId,
              owner!.customerId,
              product!.productId,
              product!.offeringId,
              tariff!.id,
              at,
              r.id,
            );
            result.guided++;
            const k = `${owner!.serviceId}/${r.usage_type}`;
            const a = agg.get(k) ?? { serviceId: owner!.serviceId, usageType: r.usage_type!, records: 0, quantity: 0 };
            a.records++;
            a.quantity += r.quantity ?? 0;
            agg.set(k, a);
          }
        })();
        done += rows.length;
        await betweenChunks(progress, done);
      }
      result.aggregates = [...agg.values()].sort((a, b) => a.serviceId.localeCompare(b.serviceId));
      return once(db, key, 'mediateUsage', () => result);
    },

    async recycle(key, reasons) {
      return once(db, key, 'recycleUsage', () => {
        const allowed = reasons.filter((r) => RECYCLABLE.includes(r));
        if (allowed.length !== reasons.length)
          reject(BusinessErrorType.InvalidStateTransition, `only ${RECYCLABLE.join(', ')} rejections can be recycled`);
        const recycled = db
          .prepare(
            `UPDATE usage_records SET state = 'recycled', updated_at = ?
             WHERE state = 'rejected' AND reject_reason IN (SELECT value FROM json_each(?))`,
          )
          .run(now(), JSON.stringify(allowed)).changes;
        return { recycled };
      });
    },
  };
}
