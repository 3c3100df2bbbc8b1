import type { Clock } from '../../ports/clock';
import type { LogisticsPort, Shipment } from '../../ports/logistics';
import { type ShipmentRow, toShipment, toStockLevel } from '../sqlite/logistics';
import { handOverForAcceptance } from './acceptance';
import { nextId, once, type Pool, type Tx } from './database';
import { sqliteShaped } from './rows';

/**
 * Manage Logistics on PostgreSQL, as the SQLite adapter (src/adapters/sqlite/logistics.ts): a
 * warehouse is the `site` of the resources it holds. Each movement once per key; a resource is
 * locked while it moves and a shipment while it is received, so two workers acting on the same
 * goods at once are judged one after the other (one hand-over of a repaired item, not two).
 */

const shipmentOf = (r: object) => toShipment(sqliteShaped<ShipmentRow>(r));

export function createPostgresLogistics(pool: Pool, clock: Clock): LogisticsPort {
  const now = () => clock().toISOString();
  const shipment = async (id: string, tx: Pool | Tx = pool, lock = false) =>
    shipmentOf((await tx.query(`SELECT * FROM shipments WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0]!);
  const record = async (tx: Tx, s: Omit<Shipment, 'id'>) => {
    const id = await nextId(tx, 'SH');
    await tx.query(
      `INSERT INTO shipments (id, kind, resource_ids, origin, destination, supplier_id, state, created_at, delivered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        s.kind,
        JSON.stringify(s.resourceIds),
        s.origin,
        s.destination,
        s.supplierId,
        s.state,
        now(),
        s.state === 'delivered' ? now() : null,
      ],
    );
    return id;
  };
  /** Where a resource is, locked until the movement commits. */
  const siteOf = async (tx: Tx, resourceId: string) =>
    (await tx.query<{ site: string }>('SELECT site FROM resources WHERE id = $1 FOR UPDATE', [resourceId])).rows[0]!
      .site;

  return {
    async stock() {
      const { rows } = await pool.query<Record<string, string | number>>(
        `SELECT p.*, (SELECT count(*) FROM resources r WHERE r.site = p.warehouse AND r.spec_id = p.resource_spec_id
                        AND r.state = 'available') AS in_stock,
                (SELECT count(*) FROM resources r JOIN resource_acceptance a ON a.resource_id = r.id
                  WHERE r.site = p.warehouse AND r.spec_id = p.resource_spec_id AND a.state = 'pending') AS on_order
         FROM warehouse_policies p ORDER BY p.warehouse, p.resource_spec_id`,
      );
      return rows.map(toStockLevel);
    },
    async replenish(key, warehouse, specId, quantity) {
      const id = await once(pool, key, 'replenishWarehouse', async (tx) => {
        const policy = (
          await tx.query<{ region: string; supplier_id: string }>(
            'SELECT region, supplier_id FROM warehouse_policies WHERE warehouse = $1 AND resource_spec_id = $2',
            [warehouse, specId],
          )
        ).rows[0];
        if (!policy) throw new Error(`warehouse ${warehouse} keeps no ${specId}`);
        const type = (
          await tx.query<{ resource_type: string }>('SELECT resource_type FROM resource_specs WHERE id = $1', [specId])
        ).rows[0]!.resource_type;
        // New goods are of the model the warehouse already keeps.
        const model =
          (
            await tx.query<{ attributes: Record<string, unknown> }>(
              'SELECT attributes FROM resources WHERE spec_id = $1 AND site = $2 ORDER BY id LIMIT 1',
              [specId, warehouse],
            )
          ).rows[0]?.attributes ?? {};
        const ids: string[] = [];
        for (let i = 0; i < quantity; i++) {
          const rid = await nextId(tx, `${specId.replace(/^RS-/, '')}-${policy.region}`);
          await tx.query(
            `INSERT INTO resources (id, spec_id, resource_type, name, region, site, attributes, state, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'outOfService', $8)`,
            [
              rid,
              specId,
              type,
              `${specId} ${rid}`,
              policy.region,
              warehouse,
              JSON.stringify({ ...model, serial: `SN${rid}` }),
              now(),
            ],
          );
          ids.push(rid);
        }
        const sid = await record(tx, {
          kind: 'replenishment',
          resourceIds: ids,
          origin: policy.supplier_id,
          destination: warehouse,
          supplierId: policy.supplier_id,
          state: 'delivered',
        });
        // Goods in are tested before they join the pool (1.O.3.1.1).
        for (const rid of ids) await handOverForAcceptance(tx, now(), rid, 'new', sid);
        return sid;
      });
      return shipment(id);
    },
    async awaitingDispatch() {
      const { rows } = await pool.query<{ id: string; site: string; service_id: string; customer_id: string }>(
        `SELECT r.id, r.site, r.service_id, r.customer_id FROM resources r
         WHERE r.site LIKE '%-WH' AND r.service_id IS NOT NULL AND r.state IN ('reserved', 'outOfService', 'inService')
         ORDER BY r.id`,
      );
      return rows.map((r) => ({
        resourceId: r.id,
        warehouse: r.site,
        serviceId: r.service_id,
        customerId: r.customer_id,
      }));
    },
    async shipToSite(key, resourceId, site) {
      const id = await once(pool, key, 'shipToSite', async (tx) => {
        const from = await siteOf(tx, resourceId);
        await tx.query('UPDATE resources SET site = $1, updated_at = $2 WHERE id = $3', [site, now(), resourceId]);
        return record(tx, {
          kind: 'toSite',
          resourceIds: [resourceId],
          origin: from,
          destination: site,
          supplierId: null,
          state: 'delivered',
        });
      });
      return shipment(id);
    },
    async faultyInStock() {
      const { rows } = await pool.query<{ id: string; site: string; supplier_id: string }>(
        `SELECT r.id, r.site, p.supplier_id FROM resources r
         JOIN warehouse_policies p ON p.warehouse = r.site AND p.resource_spec_id = r.spec_id
         WHERE r.state = 'outOfService' AND r.service_id IS NULL AND r.reservation_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM resource_acceptance a WHERE a.resource_id = r.id AND a.state = 'pending')
           AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.resource_ids ? r.id AND s.state = 'inTransit')
         ORDER BY r.id`,
      );
      return rows.map((r) => ({ resourceId: r.id, warehouse: r.site, supplierId: r.supplier_id }));
    },
    async returnForRepair(key, resourceId, supplierId) {
      const id = await once(pool, key, 'returnForRepair', async (tx) =>
        record(tx, {
          kind: 'returnForRepair',
          resourceIds: [resourceId],
          origin: await siteOf(tx, resourceId),
          destination: supplierId,
          supplierId,
          state: 'inTransit',
        }),
      );
      return shipment(id);
    },
    async shipments(kind, state) {
      const { rows } = await pool.query(
        'SELECT * FROM shipments WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR state = $2) ORDER BY id',
        [kind ?? null, state ?? null],
      );
      return rows.map(shipmentOf);
    },
    async receiveRepaired(key, shipmentId) {
      await once(pool, key, 'receiveRepaired', async (tx) => {
        const s = await shipment(shipmentId, tx, true);
        if (s.state !== 'inTransit') return 0;
        await tx.query(`UPDATE shipments SET state = 'returned', delivered_at = $1 WHERE id = $2`, [now(), shipmentId]);
        for (const rid of s.resourceIds) await handOverForAcceptance(tx, now(), rid, 'repaired', shipmentId);
        return s.resourceIds.length;
      });
      return shipment(shipmentId);
    },
  };
}
