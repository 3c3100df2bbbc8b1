import { BusinessErrorType, reject } from '../../contracts/errors';
import type { Clock } from '../../ports/clock';
import type { PartnerOrderPort } from '../../ports/partner-orders';
import { PARTNER_ORDER_COLUMNS, toPartnerOrder } from '../sqlite/partner-orders';
import { once, type Pool, type Tx } from './database';
import { rowById, shapedRows, sqliteShaped, updateColumns } from './rows';

/**
 * S/PRM's partner orders on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/partner-orders.contract.ts runs on both). An order is recorded once per key and per
 * id, and a supplier's report once per order and report key — the unique index decides between
 * two workers handed the same report, so exactly one of them is told it is new.
 */

const order = rowById<Record<string, unknown>>('partner_orders', 'partner order');

export function createPostgresPartnerOrders(pool: Pool, clock: Clock): PartnerOrderPort {
  const get = async (db: Pool | Tx, id: string) => {
    const r = await order.row(db, id);
    return r && toPartnerOrder(r);
  };

  return {
    async record(key, o) {
      await once(pool, key, 'recordPartnerOrder', async (tx) => {
        const at = clock().toISOString();
        // Recorded once per id too: SM&O hands the same order again under another key after a reset.
        await tx.query(
          `INSERT INTO partner_orders (id, service_order_id, service_id, customer_id, region, resource_spec_id, quantity,
             state, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'acknowledged', $8, $8) ON CONFLICT (id) DO NOTHING`,
          [o.id, o.serviceOrderId, o.serviceId, o.customerId, o.region, o.resourceSpecId, o.quantity, at],
        );
        return o.id;
      });
      return (await get(pool, o.id))!;
    },

    async update(id, change) {
      const columns: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(change)) {
        const column = PARTNER_ORDER_COLUMNS[field];
        // jsonb takes the candidates as JSON text (pg would send a JS array as a PostgreSQL array).
        if (column && value !== undefined) columns[column] = Array.isArray(value) ? JSON.stringify(value) : value;
      }
      if (Object.keys(columns).length > 0) columns['updated_at'] = clock().toISOString();
      await updateColumns(pool, 'partner_orders', id, columns);
      return (await get(pool, id)) ?? reject(BusinessErrorType.NotFound, `no partner order ${id}`);
    },

    async get(id) {
      return get(pool, id);
    },

    async ofService(serviceId) {
      const { rows } = await pool.query('SELECT * FROM partner_orders WHERE service_id = $1 ORDER BY created_at, id', [
        serviceId,
      ]);
      return shapedRows<Record<string, unknown>>(rows).map(toPartnerOrder);
    },

    async addEvent(id, e) {
      const { rowCount } = await pool.query(
        `INSERT INTO partner_order_events (partner_order_id, kind, detail, report_key, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (partner_order_id, report_key) DO NOTHING`,
        [id, e.kind, e.detail, e.key, e.at],
      );
      return rowCount === 1;
    },

    async removeEvent(id, key) {
      const { rowCount } = await pool.query(
        'DELETE FROM partner_order_events WHERE partner_order_id = $1 AND report_key = $2',
        [id, key],
      );
      return rowCount === 1;
    },

    async events(id) {
      const { rows } = await pool.query(
        'SELECT kind, detail, at FROM partner_order_events WHERE partner_order_id = $1 ORDER BY seq',
        [id],
      );
      return rows.map((r) => sqliteShaped<{ kind: string; detail: string | null; at: string }>(r));
    },
  };
}
