import { BusinessErrorType, reject } from '../../contracts/errors';
import type { Clock } from '../../ports/clock';
import type { ResourceOrderEvent, ResourceOrderPort, ResourceOrderRecord } from '../../ports/resource-orders';
import {
  type ResourceOrderItemRow,
  type ResourceOrderRow,
  TERMINAL,
  toItem,
  toListed,
  toRecord,
} from '../sqlite/resource-orders';
import { once, type Pool, type Tx } from './database';
import { appendEvent } from './event-outbox';
import { sqliteShaped } from './rows';
import { searchIds } from './search';

/**
 * Resource orders (TMF652) on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/resource-orders.contract.ts runs on both), its row mappers shared. A change locks
 * the order's row, so two workers moving one order are judged one after the other.
 */

type Db = Pool | Tx;

// jsonb read as its text, so the SQLite store's mapper parses any JSON value alike.
const ORDER = `id, service_order_id, service_id, customer_id, region, action, state, reason, needs::text AS needs,
  hold_until, created_at, updated_at`;
const ITEM = 'resource_id, resource_spec_id, state, configuration::text AS configuration';

const orderRows = async (db: Db, where: string, params: unknown[], order = '') =>
  (await db.query(`SELECT ${ORDER} FROM resource_orders WHERE ${where} ${order}`, params)).rows.map((r) =>
    sqliteShaped<ResourceOrderRow>(r),
  );

/** The resource orders serving a service order, oldest first (a service order's TMF641 event names them). */
export const resourceOrdersOfServiceOrder = async (db: Db, serviceOrderId: string): Promise<ResourceOrderRecord[]> =>
  (await orderRows(db, 'service_order_id = $1', [serviceOrderId], 'ORDER BY created_at, seq')).map(toRecord);

export function createPostgresResourceOrders(pool: Pool, clock: Clock): ResourceOrderPort {
  const now = () => clock().toISOString();
  const row = async (db: Db, id: string, lock = false) =>
    (await orderRows(db, 'id = $1', [id], lock ? 'FOR UPDATE' : ''))[0];
  const must = async (db: Db, id: string, lock = false) =>
    (await row(db, id, lock)) ?? reject(BusinessErrorType.NotFound, `no resource order ${id}`);
  const items = async (db: Db, id: string) =>
    (
      await db.query(`SELECT ${ITEM} FROM resource_order_items WHERE resource_order_id = $1 ORDER BY resource_id`, [id])
    ).rows.map((r) => toItem(sqliteShaped<ResourceOrderItemRow>(r)));
  /** Stores the event of a change, inside the change's transaction, from the order as it leaves it. */
  const publish = async (tx: Tx, event: ResourceOrderEvent | undefined, id: string, at: string) => {
    if (event) await appendEvent(tx, event(toListed((await row(tx, id))!), await items(tx, id)), at);
  };

  return {
    async record(key, o, event) {
      await once(pool, key, 'recordResourceOrder', async (tx) => {
        const at = now();
        // SM&O may send the same order again (a retried child start): the first record stands,
        // also when two workers record it at once (the primary key decides, the second adds nothing).
        const inserted = await tx.query(
          `INSERT INTO resource_orders (id, service_order_id, service_id, customer_id, region, action, state, needs,
             hold_until, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'acknowledged', $7, $8, $9, $9)
           ON CONFLICT (id) DO NOTHING`,
          [
            o.id,
            o.serviceOrderId,
            o.serviceId,
            o.customerId,
            o.region,
            o.action,
            JSON.stringify(o.needs),
            o.holdUntil,
            at,
          ],
        );
        if (inserted.rowCount === 1) await publish(tx, event, o.id, at);
        return o.id;
      });
      return toRecord(await must(pool, o.id));
    },

    async setState(key, id, state, reason, event) {
      await once(pool, key, `resourceOrderState:${state}`, async (tx) => {
        const current = await must(tx, id, true);
        if (current.state === state) return id;
        if (TERMINAL.has(current.state))
          reject(BusinessErrorType.InvalidStateTransition, `resource order ${id} is already ${current.state}`);
        const at = now();
        await tx.query('UPDATE resource_orders SET state = $1, reason = $2, updated_at = $3 WHERE id = $4', [
          state,
          reason,
          at,
          id,
        ]);
        await publish(tx, event, id, at);
        return id;
      });
      return toRecord(await must(pool, id));
    },

    async recordItems(key, id, list) {
      await once(pool, key, 'recordResourceOrderItems', async (tx) => {
        const order = await must(tx, id, true);
        for (const i of list) {
          await tx.query(
            `INSERT INTO resource_order_items AS t (resource_order_id, resource_id, resource_spec_id, action, state,
               configuration, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (resource_order_id, resource_id) DO UPDATE SET
               state = excluded.state, configuration = COALESCE(excluded.configuration, t.configuration),
               updated_at = excluded.updated_at`,
            [
              id,
              i.resourceId,
              i.resourceSpecId,
              order.action,
              i.state,
              i.configuration && JSON.stringify(i.configuration),
              now(),
            ],
          );
        }
        return list.length;
      });
      return items(pool, id);
    },

    async items(id) {
      return items(pool, id);
    },

    async get(id) {
      const r = await row(pool, id);
      return r && toRecord(r);
    },

    async search(q) {
      const { total, ids } = await searchIds(pool, 'resource_orders', {
        anyOf: [
          ['id', q.ids],
          ['state', q.states],
          ['customer_id', q.customerIds],
          ['service_order_id', q.serviceOrderIds],
        ],
        dates: q.dates,
        dateColumns: { createdAt: 'created_at', updatedAt: 'updated_at' },
        offset: q.offset,
        limit: q.limit,
        newest: 'created_at',
      });
      const byId = new Map((await orderRows(pool, 'id = ANY($1)', [ids])).map((r) => [r.id, toListed(r)]));
      return { total, orders: ids.map((id) => byId.get(id)!) };
    },

    async ofService(serviceId) {
      return (await orderRows(pool, 'service_id = $1', [serviceId], 'ORDER BY created_at, id')).map(toRecord);
    },
  };
}
