import { BusinessErrorType, reject } from '../../contracts/errors';
import type { ResourceOrderState } from '../../domain/fulfilment/resource-order';
import type { Clock } from '../../ports/clock';
import type { ResourceOrderItem, ResourceOrderPort, ResourceOrderRecord } from '../../ports/resource-orders';
import { type Db, json, once } from './database';
import { searchIds } from './search';

interface Row {
  id: string;
  service_order_id: string;
  service_id: string;
  customer_id: string;
  region: string;
  action: 'add' | 'delete';
  state: ResourceOrderState;
  reason: string | null;
  needs: string;
  hold_until: string | null;
  created_at: string;
  updated_at: string;
}

interface ItemRow {
  resource_id: string;
  resource_spec_id: string;
  state: ResourceOrderItem['state'];
  configuration: string | null;
}

const TERMINAL = new Set<ResourceOrderState>(['completed', 'failed', 'cancelled', 'rejected']);

const toRecord = (r: Row): ResourceOrderRecord => ({
  id: r.id,
  serviceOrderId: r.service_order_id,
  serviceId: r.service_id,
  customerId: r.customer_id,
  region: r.region,
  action: r.action,
  state: r.state,
  reason: r.reason,
  needs: json.parse(r.needs),
  holdUntil: r.hold_until,
});

const toItem = (r: ItemRow): ResourceOrderItem => ({
  resourceId: r.resource_id,
  resourceSpecId: r.resource_spec_id,
  state: r.state,
  configuration: json.parse(r.configuration),
});

export function createSqliteResourceOrders(db: Db, clock: Clock): ResourceOrderPort {
  const now = () => clock().toISOString();
  const get = (id: string) => {
    const r = db.prepare('SELECT * FROM resource_orders WHERE id = ?').get(id) as Row | undefined;
    return r && toRecord(r);
  };
  const must = (id: string) => get(id) ?? reject(BusinessErrorType.NotFound, `no resource order ${id}`);
  const items = (id: string) =>
    (
      db
        .prepare('SELECT * FROM resource_order_items WHERE resource_order_id = ? ORDER BY resource_id')
        .all(id) as ItemRow[]
    ).map(toItem);

  return {
    async record(key, o) {
      once(db, key, 'recordResourceOrder', () => {
        // SM&O may send the same order again (a retried child start): the first record stands.
        if (get(o.id)) return o.id;
        db.prepare(
          `INSERT INTO resource_orders (id, service_order_id, service_id, customer_id, region, action, state, needs, hold_until, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'acknowledged', ?, ?, ?, ?)`,
        ).run(
          o.id,
          o.serviceOrderId,
          o.serviceId,
          o.customerId,
          o.region,
          o.action,
          json.stringify(o.needs),
          o.holdUntil,
          now(),
          now(),
        );
        return o.id;
      });
      return must(o.id);
    },

    async setState(key, id, state, reason) {
      once(db, key, `resourceOrderState:${state}`, () => {
        const current = must(id);
        if (current.state === state) return id;
        if (TERMINAL.has(current.state)) {
          reject(BusinessErrorType.InvalidStateTransition, `resource order ${id} is already ${current.state}`);
        }
        db.prepare('UPDATE resource_orders SET state = ?, reason = ?, updated_at = ? WHERE id = ?').run(
          state,
          reason,
          now(),
          id,
        );
        return id;
      });
      return must(id);
    },

    async recordItems(key, id, list) {
      once(db, key, 'recordResourceOrderItems', () => {
        const order = must(id);
        const upsert = db.prepare(
          `INSERT INTO resource_order_items (resource_order_id, resource_id, resource_spec_id, action, state, configuration, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (resource_order_id, resource_id) DO UPDATE SET
             state = excluded.state, configuration = COALESCE(excluded.configuration, configuration), updated_at = excluded.updated_at`,
        );
        for (const i of list) {
          upsert.run(
            id,
            i.resourceId,
            i.resourceSpecId,
            order.action,
            i.state,
            i.configuration && json.stringify(i.configuration),
            now(),
          );
        }
        return list.length;
      });
      return items(id);
    },

    async items(id) {
      return items(id);
    },
    async get(id) {
      return get(id);
    },
    async search(q) {
      const { total, ids } = searchIds(db, 'resource_orders', {
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
      });
      const row = db.prepare('SELECT * FROM resource_orders WHERE id = ?');
      return {
        total,
        orders: ids.map((id) => {
          const r = row.get(id) as Row;
          return { ...toRecord(r), createdAt: r.created_at, updatedAt: r.updated_at };
        }),
      };
    },
    async ofService(serviceId) {
      return (
        db.prepare('SELECT * FROM resource_orders WHERE service_id = ? ORDER BY created_at, id').all(serviceId) as Row[]
      ).map(toRecord);
    },
  };
}
