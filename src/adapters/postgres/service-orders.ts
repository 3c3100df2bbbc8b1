import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import { canTransitionServiceOrder, TERMINAL_SERVICE_ORDER_STATES } from '../../domain/fulfilment/service-lifecycle';
import type { ServiceAmendment, ServiceInventoryPort, ServiceOrderEvent } from '../../ports/service-inventory';
import { once, type Pool, type Tx } from './database';
import { appendEvent } from './event-outbox';
import { resourceOrdersOfServiceOrder } from './resource-orders';
import { updateColumns } from './rows';
import { searchIds } from './search';
import { logState, mustOrder, orderRow, orderRows, toOrder } from './service-inventory-records';

/**
 * Service orders (TMF641) on PostgreSQL: received, moved through their states, updated with their
 * design, amended. A move locks the order's row, so two workers moving one order are judged one
 * after the other against the state machine.
 */
export function createPostgresServiceOrders(
  pool: Pool,
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
  /** Stores the event of a change, inside the change's transaction, from the order as it leaves it. */
  const publish = async (tx: Tx, event: ServiceOrderEvent | undefined, id: string, at: string) => {
    if (event)
      await appendEvent(tx, event(toOrder((await orderRow(tx, id))!), await resourceOrdersOfServiceOrder(tx, id)), at);
  };
  const order = async (id: string) => toOrder((await orderRow(pool, id))!);

  return {
    async recordServiceOrder(key, o, at, event) {
      await once(pool, key, 'recordServiceOrder', async (tx) => {
        // A service order issued again (same id) is the same order: keep the first, also when two
        // workers record it at once (the primary key decides; the second adds nothing).
        const inserted = await tx.query(
          `INSERT INTO service_orders (id, product_order_id, item_id, customer_id, cfs_spec_id, region, action, state,
             service_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'acknowledged', $8, $9, $9)
           ON CONFLICT (id) DO NOTHING`,
          [o.id, o.productOrderId, o.itemId, o.customerId, o.cfsSpecId, o.region, o.action, o.serviceId ?? null, at],
        );
        if (inserted.rowCount === 1) {
          await logState(tx, 'serviceOrder', o.id, null, 'acknowledged', 'service order received', at);
          await publish(tx, event, o.id, at);
        }
        return o.id;
      });
      return order(o.id);
    },

    async getServiceOrder(id) {
      const r = await orderRow(pool, id);
      return r && toOrder(r);
    },

    async searchServiceOrders(q) {
      const { total, ids } = await searchIds(pool, 'service_orders', {
        anyOf: [
          ['id', q.ids],
          ['state', q.states],
          ['customer_id', q.customerIds],
          ['product_order_id', q.productOrderIds],
        ],
        dates: q.dates,
        dateColumns: { createdAt: 'created_at', completedAt: 'completed_at' },
        offset: q.offset,
        limit: q.limit,
        newest: 'created_at',
      });
      const byId = new Map((await orderRows(pool, 'id = ANY($1)', [ids])).map((r) => [r.id, toOrder(r)]));
      return { total, orders: ids.map((id) => byId.get(id)!) };
    },

    async transitionServiceOrder(key, id, to, reason, at, event) {
      await once(pool, key, 'transitionServiceOrder', async (tx) => {
        const from = (await mustOrder(tx, id, true)).state;
        if (from === to) return to;
        if (!canTransitionServiceOrder(from, to))
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `service order ${id} cannot go from ${from} to ${to}`,
            { from, to },
          );
        await tx.query(
          'UPDATE service_orders SET state = $1, reason = $2, updated_at = $3, completed_at = $4 WHERE id = $5',
          [to, reason, at, TERMINAL_SERVICE_ORDER_STATES.includes(to) ? at : null, id],
        );
        await logState(tx, 'serviceOrder', id, from, to, reason, at);
        await publish(tx, event, id, at);
        return to;
      });
      return order(id);
    },

    async updateServiceOrder(key, id, change, at) {
      await once(pool, key, 'updateServiceOrder', async (tx) => {
        await mustOrder(tx, id, true);
        const given = change.serviceId !== undefined || change.design !== undefined || change.workPlan !== undefined;
        if (!given) return id;
        await updateColumns(tx, 'service_orders', id, {
          service_id: change.serviceId,
          design: change.design === undefined ? undefined : JSON.stringify(change.design),
          work_plan: change.workPlan === undefined ? undefined : JSON.stringify(change.workPlan),
          updated_at: at,
        });
        return id;
      });
      return order(id);
    },

    async recordAmendment(key, a) {
      await once(pool, key, 'recordServiceAmendment', async (tx) => {
        await mustOrder(tx, a.serviceOrderId);
        await tx.query(
          'INSERT INTO service_amendments (service_order_id, characteristics, outcome, reason, at) VALUES ($1, $2, $3, $4, $5)',
          [a.serviceOrderId, JSON.stringify(a.characteristics), a.outcome, a.reason, a.at],
        );
        return a.serviceOrderId;
      });
      return a;
    },

    async amendments(serviceOrderId) {
      const { rows } = await pool.query<{
        characteristics: string;
        outcome: ServiceAmendment['outcome'];
        reason: string | null;
        at: Date;
      }>(
        `SELECT characteristics::text AS characteristics, outcome, reason, at FROM service_amendments
         WHERE service_order_id = $1 ORDER BY seq`,
        [serviceOrderId],
      );
      return rows.map((r) => ({
        serviceOrderId,
        characteristics: JSON.parse(r.characteristics) as ServiceAmendment['characteristics'],
        outcome: r.outcome,
        reason: r.reason,
        at: r.at.toISOString(),
      }));
    },
  };
}
