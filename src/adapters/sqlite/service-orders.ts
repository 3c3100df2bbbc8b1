import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import { canTransitionServiceOrder, TERMINAL_SERVICE_ORDER_STATES } from '../../domain/fulfilment/service-lifecycle';
import type { ServiceAmendment, ServiceInventoryPort, ServiceOrderEvent } from '../../ports/service-inventory';
import { type Db, json, once } from './database';
import { appendEvent } from './event-outbox';
import { resourceOrdersOfServiceOrder } from './resource-orders';
import { searchIds } from './search';
import { serviceInventoryRecords, toOrder } from './service-inventory-records';

const DATE_COLUMNS = { createdAt: 'created_at', completedAt: 'completed_at' } as const;

/** Service orders: received, moved through their states, updated with their design, and amended. */
export function createSqliteServiceOrders(
  db: Db,
): Pick<
  ServiceInventoryPort,
  | 'recordServiceOrder'
  | 'getServiceOrder'
  | 'searchServiceOrders'
  | 'transitionServiceOrder'
  | 'updateServiceOrder'
  | 'recordAmendment'
  | 'amendments'
> {
  const { orderRow, logState, mustOrder } = serviceInventoryRecords(db);
  /** Stores the event of a change, inside the change's transaction, from the order as it leaves it. */
  const publish = (event: ServiceOrderEvent | undefined, id: string, at: string) => {
    if (event) appendEvent(db, event(toOrder(orderRow(id)!), resourceOrdersOfServiceOrder(db, id)), at);
  };
  return {
    async recordServiceOrder(key, o, at, event) {
      once(db, key, 'recordServiceOrder', () => {
        // A service order issued again (same id) is the same order: keep the first.
        if (orderRow(o.id)) return o.id;
        db.prepare(
          `INSERT INTO service_orders (id, product_order_id, item_id, customer_id, cfs_spec_id, region, action, state,
             service_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'acknowledged', ?, ?, ?)`,
        ).run(
          o.id,
          o.productOrderId,
          o.itemId,
          o.customerId,
          o.cfsSpecId,
          o.region,
          o.action,
          o.serviceId ?? null,
          at,
          at,
        );
        logState.run('serviceOrder', o.id, null, 'acknowledged', 'service order received', at);
        publish(event, o.id, at);
        return o.id;
      });
      return toOrder(orderRow(o.id)!);
    },

    async getServiceOrder(id) {
      const r = orderRow(id);
      return r && toOrder(r);
    },

    async searchServiceOrders(q) {
      const { total, ids } = searchIds(db, 'service_orders', {
        anyOf: [
          ['id', q.ids],
          ['state', q.states],
          ['customer_id', q.customerIds],
          ['product_order_id', q.productOrderIds],
        ],
        dates: q.dates,
        dateColumns: DATE_COLUMNS,
        offset: q.offset,
        limit: q.limit,
      });
      return { total, orders: ids.map((id) => toOrder(orderRow(id)!)) };
    },

    async transitionServiceOrder(key, id, to, reason, at, event) {
      once(db, key, 'transitionServiceOrder', () => {
        const from = mustOrder(id).state;
        if (from === to) return to;
        if (!canTransitionServiceOrder(from, to)) {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `service order ${id} cannot go from ${from} to ${to}`,
            {
              from,
              to,
            },
          );
        }
        db.prepare(
          'UPDATE service_orders SET state = ?, reason = ?, updated_at = ?, completed_at = ? WHERE id = ?',
        ).run(to, reason, at, TERMINAL_SERVICE_ORDER_STATES.includes(to) ? at : null, id);
        logState.run('serviceOrder', id, from, to, reason, at);
        publish(event, id, at);
        return to;
      });
      return toOrder(orderRow(id)!);
    },

    async updateServiceOrder(key, id, change, at) {
      once(db, key, 'updateServiceOrder', () => {
        mustOrder(id);
        const set = (column: string, value: unknown) =>
          db.prepare(`UPDATE service_orders SET ${column} = ?, updated_at = ? WHERE id = ?`).run(value, at, id);
        if (change.serviceId !== undefined) set('service_id', change.serviceId);
        if (change.design !== undefined) set('design', json.stringify(change.design));
        if (change.workPlan !== undefined) set('work_plan', json.stringify(change.workPlan));
        return id;
      });
      return toOrder(orderRow(id)!);
    },

    async recordAmendment(key, a) {
      once(db, key, 'recordServiceAmendment', () => {
        mustOrder(a.serviceOrderId);
        return db
          .prepare(
            'INSERT INTO service_amendments (service_order_id, characteristics, outcome, reason, at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(a.serviceOrderId, json.stringify(a.characteristics), a.outcome, a.reason, a.at).lastInsertRowid;
      });
      return a;
    },

    async amendments(serviceOrderId) {
      const rows = db
        .prepare('SELECT * FROM service_amendments WHERE service_order_id = ? ORDER BY seq')
        .all(serviceOrderId) as Array<{
        service_order_id: string;
        characteristics: string;
        outcome: ServiceAmendment['outcome'];
        reason: string | null;
        at: string;
      }>;
      return rows.map((r) => ({
        serviceOrderId: r.service_order_id,
        characteristics: json.parse(r.characteristics),
        outcome: r.outcome,
        reason: r.reason,
        at: r.at,
      }));
    },
  };
}
