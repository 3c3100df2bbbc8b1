import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { ResourceOrderState } from '../../domain/fulfilment/resource-order';
import type { Clock } from '../../ports/clock';
import type { ResourceOrderPort, ResourceOrderRecord } from '../../ports/resource-orders';
import { type Db, json, once } from './database';

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
}

const TERMINAL = new Set<ResourceOrderState>(['completed', 'failed', 'cancelled', 'rejected']);

export function createSqliteResourceOrders(db: Db, clock: Clock): ResourceOrderPort {
  const now = () => clock().toISOString();
  const get = (id: string): ResourceOrderRecord | undefined => {
    const r = db.prepare('SELECT * FROM resource_orders WHERE id = ?').get(id) as Row | undefined;
    return (
      r && {
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
      }
    );
  };
  return {
    async record(key, o) {
      once(db, key, 'recordResourceOrder', () => {
        if (get(o.id)) return o.id;
        db.prepare(
          `INSERT INTO resource_orders (id, service_order_id, service_id, customer_id, region, action, state, needs, hold_until, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'acknowledged', ?, ?, ?, ?)`,
        ).run(o.id, o.serviceOrderId, o.serviceId, o.customerId, o.region, o.action, json.stringify(o.needs), o.holdUntil, now(), now());
        return o.id;
      });
      return get(o.id)!;
    },
    async setState(id, state, reason) {
      const current = get(id);
      if (!current) throw new BusinessRejection(BusinessErrorType.NotFound, `no resource order ${id}`);
      if (current.state === state) return current;
      if (TERMINAL.has(current.state)) {
        throw new BusinessRejection(BusinessErrorType.InvalidStateTransition, `resource order ${id} is already ${current.state}`);
      }
      db.prepare('UPDATE resource_orders SET state = ?, reason = ?, updated_at = ? WHERE id = ?').run(state, reason, now(), id);
      return get(id)!;
    },
    async get(id) {
      return get(id);
    },
  };
}
