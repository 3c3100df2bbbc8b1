import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { Clock } from '../../ports/clock';
import type { PartnerOrderPort, PartnerOrderRecord } from '../../ports/partner-orders';
import { type Db, json, once } from './database';

/** The fields a partner order's update may set, and their columns in both stores. */
export const PARTNER_ORDER_COLUMNS: Record<string, string> = {
  state: 'state',
  supplierId: 'supplier_id',
  contractId: 'contract_id',
  candidates: 'candidates',
  requisitionId: 'requisition_id',
  supplierReference: 'supplier_reference',
  expectedDelivery: 'expected_delivery',
  reason: 'reason',
};

/** A partner_orders row as the port gives it: the mapper of both stores (PostgreSQL's rows through sqliteShaped). */
export const toPartnerOrder = (r: Record<string, unknown>): PartnerOrderRecord => ({
  id: String(r['id']),
  serviceOrderId: String(r['service_order_id']),
  serviceId: String(r['service_id']),
  customerId: String(r['customer_id']),
  region: String(r['region']),
  resourceSpecId: String(r['resource_spec_id']),
  quantity: Number(r['quantity']),
  state: r['state'] as PartnerOrderRecord['state'],
  supplierId: (r['supplier_id'] as string | null) ?? null,
  contractId: (r['contract_id'] as string | null) ?? null,
  candidates: json.parse(r['candidates'] as string),
  requisitionId: (r['requisition_id'] as string | null) ?? null,
  supplierReference: (r['supplier_reference'] as string | null) ?? null,
  expectedDelivery: (r['expected_delivery'] as string | null) ?? null,
  reason: (r['reason'] as string | null) ?? null,
});

export function createSqlitePartnerOrders(db: Db, clock: Clock): PartnerOrderPort {
  const now = () => clock().toISOString();
  const get = (id: string): PartnerOrderRecord | undefined => {
    const r = db.prepare('SELECT * FROM partner_orders WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return r && toPartnerOrder(r);
  };
  return {
    async record(key, o) {
      once(db, key, 'recordPartnerOrder', () => {
        if (get(o.id)) return o.id;
        db.prepare(
          `INSERT INTO partner_orders (id, service_order_id, service_id, customer_id, region, resource_spec_id, quantity, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'acknowledged', ?, ?)`,
        ).run(o.id, o.serviceOrderId, o.serviceId, o.customerId, o.region, o.resourceSpecId, o.quantity, now(), now());
        return o.id;
      });
      return get(o.id)!;
    },
    async update(id, change) {
      if (!get(id)) throw new BusinessRejection(BusinessErrorType.NotFound, `no partner order ${id}`);
      for (const [field, value] of Object.entries(change)) {
        const column = PARTNER_ORDER_COLUMNS[field];
        if (!column || value === undefined) continue;
        db.prepare(`UPDATE partner_orders SET ${column} = ?, updated_at = ? WHERE id = ?`).run(
          Array.isArray(value) ? json.stringify(value) : value,
          now(),
          id,
        );
      }
      return get(id)!;
    },
    async get(id) {
      return get(id);
    },
    async ofService(serviceId) {
      const ids = db
        .prepare('SELECT id FROM partner_orders WHERE service_id = ? ORDER BY created_at, id')
        .pluck()
        .all(serviceId) as string[];
      return ids.map((id) => get(id)!);
    },
    async addEvent(id, e) {
      const r = db
        .prepare(
          'INSERT OR IGNORE INTO partner_order_events (partner_order_id, kind, detail, report_key, at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(id, e.kind, e.detail, e.key, e.at);
      return r.changes > 0;
    },
    async removeEvent(id, key) {
      const r = db
        .prepare('DELETE FROM partner_order_events WHERE partner_order_id = ? AND report_key = ?')
        .run(id, key);
      return r.changes > 0;
    },
    async events(id) {
      return db
        .prepare('SELECT kind, detail, at FROM partner_order_events WHERE partner_order_id = ? ORDER BY seq')
        .all(id) as Array<{
        kind: string;
        detail: string | null;
        at: string;
      }>;
    },
  };
}
