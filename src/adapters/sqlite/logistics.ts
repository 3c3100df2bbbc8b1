import type { Clock } from '../../ports/clock';
import type { LogisticsPort, Shipment, StockLevel } from '../../ports/logistics';
import { type Db, json, nextId, once } from './database';

/** A shipments row in this store's shape; the PostgreSQL adapter maps its rows with `toShipment` too. */
export interface ShipmentRow {
  id: string;
  kind: Shipment['kind'];
  resource_ids: string;
  origin: string;
  destination: string;
  supplier_id: string | null;
  state: Shipment['state'];
}

export const toShipment = (r: ShipmentRow): Shipment => ({
  id: r.id,
  kind: r.kind,
  resourceIds: json.parse<string[]>(r.resource_ids),
  origin: r.origin,
  destination: r.destination,
  supplierId: r.supplier_id,
  state: r.state,
});

/** A warehouse policy and its counts (the row of `stock()`'s query) as a stock level; both stores read it so. */
export const toStockLevel = (r: Record<string, string | number>): StockLevel => ({
  warehouse: String(r['warehouse']),
  region: String(r['region']),
  resourceSpecId: String(r['resource_spec_id']),
  inStock: Number(r['in_stock']),
  incoming: Number(r['on_order']),
  reorderLevel: Number(r['reorder_level']),
  reorderQuantity: Number(r['reorder_quantity']),
  supplierId: String(r['supplier_id']),
});

/** Goods kept in warehouses: a warehouse is the `site` of the resources it holds (e.g. PAR-WH). */
export function createSqliteLogistics(db: Db, clock: Clock): LogisticsPort {
  const now = () => clock().toISOString();
  const shipment = (id: string) =>
    toShipment(db.prepare('SELECT * FROM shipments WHERE id = ?').get(id) as ShipmentRow);
  const record = (s: Omit<Shipment, 'id'>, reference: string | null) => {
    const id = nextId(db, 'SH');
    db.prepare(
      `INSERT INTO shipments (id, kind, resource_ids, origin, destination, supplier_id, reference, state, created_at, delivered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      s.kind,
      json.stringify(s.resourceIds),
      s.origin,
      s.destination,
      s.supplierId,
      reference,
      s.state,
      now(),
      s.state === 'delivered' ? now() : null,
    );
    return id;
  };
  const handOver = (resourceId: string, reason: 'new' | 'repaired', source: string) =>
    db
      .prepare(
        `INSERT INTO resource_acceptance (resource_id, reason, source, state, handed_over_at) VALUES (?, ?, ?, 'pending', ?)
         ON CONFLICT (resource_id) DO UPDATE SET reason = excluded.reason, source = excluded.source, state = 'pending',
           detail = NULL, handed_over_at = excluded.handed_over_at, tested_at = NULL`,
      )
      .run(resourceId, reason, source, now());

  return {
    async stock() {
      return (
        db
          .prepare(
            `SELECT p.*, (SELECT COUNT(*) FROM resources r WHERE r.site = p.warehouse AND r.spec_id = p.resource_spec_id
                            AND r.state = 'available') AS in_stock,
                    (SELECT COUNT(*) FROM resources r JOIN resource_acceptance a ON a.resource_id = r.id
                      WHERE r.site = p.warehouse AND r.spec_id = p.resource_spec_id AND a.state = 'pending') AS on_order
             FROM warehouse_policies p ORDER BY p.warehouse, p.resource_spec_id`,
          )
          .all() as Array<Record<string, string | number>>
      ).map(toStockLevel);
    },
    async replenish(key, warehouse, specId, quantity) {
      const id = once(db, key, 'replenishWarehouse', () => {
        const policy = db
          .prepare('SELECT * FROM warehouse_policies WHERE warehouse = ? AND resource_spec_id = ?')
          .get(warehouse, specId) as { region: string; supplier_id: string } | undefined;
        if (!policy) throw new Error(`warehouse ${warehouse} keeps no ${specId}`);
        const type = db.prepare('SELECT resource_type FROM resource_specs WHERE id = ?').pluck().get(specId) as string;
        const model = db
          .prepare(`SELECT attributes FROM resources WHERE spec_id = ? AND site = ? ORDER BY id LIMIT 1`)
          .pluck()
          .get(specId, warehouse) as string | undefined;
        const ids: string[] = [];
        for (let i = 0; i < quantity; i++) {
          const rid = nextId(db, `${specId.replace(/^RS-/, '')}-${policy.region}`);
          const attributes = { ...json.parse<Record<string, unknown>>(model ?? '{}'), serial: `SN${rid}` };
          db.prepare(
            `INSERT INTO resources (id, spec_id, resource_type, name, region, site, attributes, state, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'outOfService', ?)`,
          ).run(rid, specId, type, `${specId} ${rid}`, policy.region, warehouse, json.stringify(attributes), now());
          ids.push(rid);
        }
        const sid = record(
          {
            kind: 'replenishment',
            resourceIds: ids,
            origin: policy.supplier_id,
            destination: warehouse,
            supplierId: policy.supplier_id,
            state: 'delivered',
          },
          null,
        );
        // Goods in are tested before they join the pool (1.O.3.1.1).
        for (const rid of ids) handOver(rid, 'new', sid);
        return sid;
      });
      return shipment(id);
    },
    async awaitingDispatch() {
      return (
        db
          .prepare(
            `SELECT r.id, r.site, r.service_id, r.customer_id FROM resources r
             WHERE r.site LIKE '%-WH' AND r.service_id IS NOT NULL AND r.state IN ('reserved', 'outOfService', 'inService')
             ORDER BY r.id`,
          )
          .all() as Array<{ id: string; site: string; service_id: string; customer_id: string }>
      ).map((r) => ({ resourceId: r.id, warehouse: r.site, serviceId: r.service_id, customerId: r.customer_id }));
    },
    async shipToSite(key, resourceId, site) {
      const id = once(db, key, 'shipToSite', () => {
        const from = db.prepare('SELECT site FROM resources WHERE id = ?').pluck().get(resourceId) as string;
        db.prepare('UPDATE resources SET site = ?, updated_at = ? WHERE id = ?').run(site, now(), resourceId);
        return record(
          {
            kind: 'toSite',
            resourceIds: [resourceId],
            origin: from,
            destination: site,
            supplierId: null,
            state: 'delivered',
          },
          null,
        );
      });
      return shipment(id);
    },
    async faultyInStock() {
      return (
        db
          .prepare(
            `SELECT r.id, r.site, p.supplier_id FROM resources r JOIN warehouse_policies p ON p.warehouse = r.site AND p.resource_spec_id = r.spec_id
             WHERE r.state = 'outOfService' AND r.service_id IS NULL AND r.reservation_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM resource_acceptance a WHERE a.resource_id = r.id AND a.state = 'pending')
               AND NOT EXISTS (SELECT 1 FROM shipments s, json_each(s.resource_ids) j WHERE j.value = r.id AND s.state = 'inTransit')
             ORDER BY r.id`,
          )
          .all() as Array<{ id: string; site: string; supplier_id: string }>
      ).map((r) => ({ resourceId: r.id, warehouse: r.site, supplierId: r.supplier_id }));
    },
    async returnForRepair(key, resourceId, supplierId) {
      const id = once(db, key, 'returnForRepair', () => {
        const from = db.prepare('SELECT site FROM resources WHERE id = ?').pluck().get(resourceId) as string;
        return record(
          {
            kind: 'returnForRepair',
            resourceIds: [resourceId],
            origin: from,
            destination: supplierId,
            supplierId,
            state: 'inTransit',
          },
          null,
        );
      });
      return shipment(id);
    },
    async shipments(kind, state) {
      const rows = db
        .prepare(`SELECT * FROM shipments WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR state = ?) ORDER BY id`)
        .all(kind ?? null, kind ?? null, state ?? null, state ?? null) as ShipmentRow[];
      return rows.map(toShipment);
    },
    async receiveRepaired(key, shipmentId) {
      once(db, key, 'receiveRepaired', () => {
        const s = shipment(shipmentId);
        if (s.state !== 'inTransit') return 0;
        db.prepare(`UPDATE shipments SET state = 'returned', delivered_at = ? WHERE id = ?`).run(now(), shipmentId);
        for (const rid of s.resourceIds) handOver(rid, 'repaired', shipmentId);
        return s.resourceIds.length;
      });
      return shipment(shipmentId);
    },
  };
}
