import { BusinessErrorType, reject } from '../../contracts/errors';
import type { ResourceOrderState } from '../../domain/fulfilment/resource-order';
import type { ServiceOrderAction } from '../../domain/fulfilment/service-order';
import type { Clock } from '../../ports/clock';
import type {
  ListedResourceOrder,
  ResourceOrderEvent,
  ResourceOrderItem,
  ResourceOrderPort,
  ResourceOrderRecord,
} from '../../ports/resource-orders';
import { type Db, json, once } from './database';
import { appendEvent } from './event-outbox';
import { searchIds } from './search';

export interface ResourceOrderRow {
  id: string;
  service_order_id: string;
  service_id: string;
  customer_id: string;
  region: string;
  action: ServiceOrderAction;
  state: ResourceOrderState;
  reason: string | null;
  needs: string;
  hold_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface ResourceOrderItemRow {
  resource_id: string;
  resource_spec_id: string;
  state: ResourceOrderItem['state'];
  configuration: string | null;
}

export const TERMINAL = new Set<ResourceOrderState>(['completed', 'failed', 'cancelled', 'rejected']);

export const toRecord = (r: ResourceOrderRow): ResourceOrderRecord => ({
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

export const toListed = (r: ResourceOrderRow): ListedResourceOrder => ({
  ...toRecord(r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The resource orders serving a service order, oldest first (a service order's TMF641 event names them). */
export const resourceOrdersOfServiceOrder = (db: Db, serviceOrderId: string): ResourceOrderRecord[] =>
  (
    db
      .prepare('SELECT * FROM resource_orders WHERE service_order_id = ? ORDER BY created_at, rowid')
      .all(serviceOrderId) as ResourceOrderRow[]
  ).map(toRecord);

export const toItem = (r: ResourceOrderItemRow): ResourceOrderItem => ({
  resourceId: r.resource_id,
  resourceSpecId: r.resource_spec_id,
  state: r.state,
  configuration: json.parse(r.configuration),
});

export function createSqliteResourceOrders(db: Db, clock: Clock): ResourceOrderPort {
  const now = () => clock().toISOString();
  const get = (id: string) => {
    const r = db.prepare('SELECT * FROM resource_orders WHERE id = ?').get(id) as ResourceOrderRow | undefined;
    return r && toRecord(r);
  };
  const must = (id: string) => get(id) ?? reject(BusinessErrorType.NotFound, `no resource order ${id}`);
  const items = (id: string) =>
    (
      db
        .prepare('SELECT * FROM resource_order_items WHERE resource_order_id = ? ORDER BY resource_id')
        .all(id) as ResourceOrderItemRow[]
    ).map(toItem);
  /** Stores the event of a change, inside the change's transaction, from the order as it leaves it. */
  const publish = (event: ResourceOrderEvent | undefined, id: string, at: string) => {
    if (!event) return;
    const r = db.prepare('SELECT * FROM resource_orders WHERE id = ?').get(id) as ResourceOrderRow;
    appendEvent(db, event(toListed(r), items(id)), at);
  };

  return {
    async record(key, o, event) {
      once(db, key, 'recordResourceOrder', () => {
        // SM&O may send the same order again (a retried child start): the first record stands.
        if (get(o.id)) return o.id;
        const at = now();
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
          at,
          at,
        );
        publish(event, o.id, at);
        return o.id;
      });
      return must(o.id);
    },

    async setState(key, id, state, reason, event) {
      once(db, key, `resourceOrderState:${state}`, () => {
        const current = must(id);
        if (current.state === state) return id;
        if (TERMINAL.has(current.state)) {
          reject(BusinessErrorType.InvalidStateTransition, `resource order ${id} is already ${current.state}`);
        }
        const at = now();
        db.prepare('UPDATE resource_orders SET state = ?, reason = ?, updated_at = ? WHERE id = ?').run(
          state,
          reason,
          at,
          id,
        );
        publish(event, id, at);
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
      return { total, orders: ids.map((id) => toListed(row.get(id) as ResourceOrderRow)) };
    },
    async ofService(serviceId) {
      return (
        db
          .prepare('SELECT * FROM resource_orders WHERE service_id = ? ORDER BY created_at, id')
          .all(serviceId) as ResourceOrderRow[]
      ).map(toRecord);
    },
  };
}
