import type { SalesHistory, SalesPort } from '../../ports/sales';
import { type Db, json, nextId, once } from './database';
import { type Row, salesRowReader, str, strOrNull } from './sales-rows';

/** Cross/Up Selling: what a customer bought and how it went, and the recommendation made from it. */
export function createSqliteCrossUpSelling(db: Db): Pick<SalesPort, 'salesHistory' | 'recordRecommendation'> {
  const row = salesRowReader(db);
  return {
    async salesHistory(customerId) {
      const products = db
        .prepare(
          `SELECT p.id, p.product_offering_id, p.region, p.status, p.recurring_minor, p.service_ids, i.characteristics
           FROM products p LEFT JOIN product_order_items i ON i.order_id = p.order_id AND i.item_id = p.item_id
           WHERE p.customer_id = ? ORDER BY p.id`,
        )
        .all(customerId) as Row[];
      const history: SalesHistory = {
        products: products.map((p) => ({
          productOfferingId: str(p.product_offering_id),
          region: str(p.region),
          status: str(p.status),
          recurringMinor: Number(p.recurring_minor),
        })),
        troublesByOffering: {},
        contactsByReason: {},
        bandwidthMbpsByOffering: {},
      };
      const tickets = db
        .prepare("SELECT service_id, product_id FROM trouble_tickets WHERE customer_id = ? AND state <> 'cancelled'")
        .all(customerId) as Array<{ service_id: string | null; product_id: string | null }>;
      for (const p of products) {
        const offering = str(p.product_offering_id);
        const serviceIds = json.parse<string[]>(str(p.service_ids));
        const troubles = tickets.filter(
          (t) => t.product_id === p.id || (t.service_id !== null && serviceIds.includes(t.service_id)),
        ).length;
        if (troubles) history.troublesByOffering[offering] = (history.troublesByOffering[offering] ?? 0) + troubles;
        const bandwidth = Number(
          json.parse<Record<string, unknown> | null>(strOrNull(p.characteristics))?.bandwidthMbps,
        );
        if (Number.isFinite(bandwidth) && bandwidth > 0) {
          history.bandwidthMbpsByOffering[offering] = Math.max(
            history.bandwidthMbpsByOffering[offering] ?? 0,
            bandwidth,
          );
        }
      }
      for (const c of db
        .prepare('SELECT reason, COUNT(*) AS n FROM contacts WHERE customer_id = ? GROUP BY reason')
        .all(customerId) as Array<{ reason: string; n: number }>) {
        history.contactsByReason[c.reason] = c.n;
      }
      return history;
    },
    async recordRecommendation(key, r, at) {
      const id = once(db, key, 'recordRecommendation', () => {
        const recommendationId = nextId(db, 'REC');
        db.prepare(
          `INSERT INTO sales_recommendations (id, customer_id, kind, offering_id, reason, evidence, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(recommendationId, r.customerId, r.kind, r.productOfferingId, r.reason, json.stringify(r.evidence), at);
        return recommendationId;
      });
      const r2 = row('sales_recommendations', id)!;
      return {
        id,
        customerId: str(r2.customer_id),
        kind: r2.kind as 'crossSell' | 'upSell' | 'none',
        productOfferingId: strOrNull(r2.offering_id),
        reason: str(r2.reason),
        evidence: json.parse(str(r2.evidence)),
      };
    },
  };
}
