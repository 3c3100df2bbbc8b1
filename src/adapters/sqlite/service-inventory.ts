import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import {
  canTransitionService,
  canTransitionServiceOrder,
  TERMINAL_SERVICE_ORDER_STATES,
} from '../../domain/fulfilment/service-lifecycle';
import type { ServiceOrderState, ServiceState } from '../../domain/fulfilment/service-order';
import type {
  ServiceAmendment,
  ServiceInventoryPort,
  ServiceOrderRecord,
  ServiceParameter,
  ServiceRecord,
  ServiceTestRecord,
} from '../../ports/service-inventory';
import { type Db, json, nextId, once } from './database';

interface OrderRow {
  id: string;
  product_order_id: string;
  item_id: string;
  customer_id: string;
  cfs_spec_id: string;
  region: string;
  action: 'add' | 'delete';
  state: ServiceOrderState;
  reason: string | null;
  service_id: string | null;
  design: string | null;
  work_plan: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

interface ServiceRow {
  id: string;
  cfs_spec_id: string;
  customer_id: string;
  region: string;
  state: ServiceState;
  characteristics: string;
  service_order_id: string;
  design: string;
  assurance: string | null;
  created_at: string;
  updated_at: string;
  activated_at: string | null;
  terminated_at: string | null;
}

interface ParameterRow {
  service_id: string;
  name: string;
  value: string;
  resource_id: string;
  resource_spec_id: string;
  allocated_at: string;
  released_at: string | null;
}

const toOrder = (r: OrderRow): ServiceOrderRecord => ({
  id: r.id,
  productOrderId: r.product_order_id,
  itemId: r.item_id,
  customerId: r.customer_id,
  cfsSpecId: r.cfs_spec_id,
  region: r.region,
  action: r.action,
  state: r.state,
  reason: r.reason,
  serviceId: r.service_id,
  design: json.parse(r.design),
  workPlan: json.parse(r.work_plan),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  completedAt: r.completed_at,
});

const toService = (r: ServiceRow): ServiceRecord => ({
  id: r.id,
  cfsSpecId: r.cfs_spec_id,
  customerId: r.customer_id,
  region: r.region,
  state: r.state,
  characteristics: json.parse(r.characteristics),
  serviceOrderId: r.service_order_id,
  design: json.parse(r.design),
  assurance: json.parse(r.assurance),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  activatedAt: r.activated_at,
  terminatedAt: r.terminated_at,
});

const toParameter = (r: ParameterRow): ServiceParameter => ({
  serviceId: r.service_id,
  name: r.name,
  value: r.value,
  resourceId: r.resource_id,
  resourceSpecId: r.resource_spec_id,
  allocatedAt: r.allocated_at,
  releasedAt: r.released_at,
});

/** Only these resource types are service identifiers, whose pools SM&O manages. */
const IDENTIFIER_TYPES = ['telephone-number', 'ip-range'];

export function createSqliteServiceInventory(db: Db): ServiceInventoryPort {
  const orderRow = (id: string) =>
    db.prepare('SELECT * FROM service_orders WHERE id = ?').get(id) as OrderRow | undefined;
  const serviceRow = (id: string) =>
    db.prepare('SELECT * FROM services WHERE id = ?').get(id) as ServiceRow | undefined;
  const heldRows = (serviceId: string) =>
    db
      .prepare('SELECT * FROM service_parameters WHERE service_id = ? AND released_at IS NULL ORDER BY seq')
      .all(serviceId) as ParameterRow[];
  const logState = db.prepare(
    'INSERT INTO service_state_history (entity, entity_id, from_state, to_state, reason, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const mustOrder = (id: string) => {
    const r = orderRow(id);
    if (!r) throw new BusinessRejection(BusinessErrorType.NotFound, `no service order ${id}`);
    return r;
  };
  const mustService = (id: string) => {
    const r = serviceRow(id);
    if (!r) throw new BusinessRejection(BusinessErrorType.NotFound, `no service ${id}`);
    return r;
  };

  return {
    async recordServiceOrder(key, o, at) {
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
        return o.id;
      });
      return toOrder(orderRow(o.id)!);
    },

    async getServiceOrder(id) {
      const r = orderRow(id);
      return r && toOrder(r);
    },

    async transitionServiceOrder(key, id, to, reason, at) {
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

    async createService(key, s, at) {
      const id = once(db, key, 'createService', () => {
        mustOrder(s.serviceOrderId);
        const serviceId = nextId(db, 'SVC');
        db.prepare(
          `INSERT INTO services (id, cfs_spec_id, customer_id, region, state, characteristics, service_order_id, design, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'designed', ?, ?, ?, ?, ?)`,
        ).run(
          serviceId,
          s.cfsSpecId,
          s.customerId,
          s.region,
          json.stringify(s.characteristics),
          s.serviceOrderId,
          json.stringify(s.design),
          at,
          at,
        );
        logState.run('service', serviceId, null, 'designed', `designed for ${s.serviceOrderId}`, at);
        return serviceId;
      });
      return toService(serviceRow(id)!);
    },

    async getService(id) {
      const r = serviceRow(id);
      return r && toService(r);
    },

    async transitionService(key, id, to, reason, at) {
      once(db, key, 'transitionService', () => {
        const from = mustService(id).state;
        if (from === to) return to;
        if (!canTransitionService(from, to)) {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `service ${id} cannot go from ${from} to ${to}`,
            { from, to },
          );
        }
        db.prepare(
          `UPDATE services SET state = ?, updated_at = ?,
             activated_at = CASE WHEN ? = 'active' THEN ? ELSE activated_at END,
             terminated_at = CASE WHEN ? = 'terminated' THEN ? ELSE terminated_at END
           WHERE id = ?`,
        ).run(to, at, to, at, to, at, id);
        logState.run('service', id, from, to, reason, at);
        return to;
      });
      return toService(serviceRow(id)!);
    },

    async updateService(key, id, change, at) {
      once(db, key, 'updateService', () => {
        mustService(id);
        const set = (column: string, value: unknown) =>
          db
            .prepare(`UPDATE services SET ${column} = ?, updated_at = ? WHERE id = ?`)
            .run(json.stringify(value), at, id);
        if (change.characteristics !== undefined) set('characteristics', change.characteristics);
        if (change.design !== undefined) set('design', change.design);
        if (change.assurance !== undefined) set('assurance', change.assurance);
        return id;
      });
      return toService(serviceRow(id)!);
    },

    async history(entity, id) {
      return db
        .prepare(
          `SELECT from_state AS "from", to_state AS "to", reason, at FROM service_state_history
           WHERE entity = ? AND entity_id = ? ORDER BY seq`,
        )
        .all(entity, id) as Array<{ from: string | null; to: string; reason: string | null; at: string }>;
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

    async freeIdentifiers(region, resourceSpecId) {
      return db
        .prepare(
          `SELECT COUNT(*) FROM resources WHERE spec_id = ? AND region = ? AND state = 'available'
             AND resource_type IN (${IDENTIFIER_TYPES.map(() => '?').join(', ')})`,
        )
        .pluck()
        .get(resourceSpecId, region, ...IDENTIFIER_TYPES) as number;
    },

    async reserveIdentifiers(key, req, at) {
      once(db, key, 'reserveIdentifiers', () => {
        const service = mustService(req.serviceId);
        if (service.state === 'terminated') {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `service ${req.serviceId} is terminated`,
          );
        }
        const held = heldRows(req.serviceId);
        const pick = db.prepare(
          `SELECT id, name FROM resources
           WHERE spec_id = ? AND region = ? AND state = 'available' AND resource_type IN (${IDENTIFIER_TYPES.map(() => '?').join(', ')})
           ORDER BY id LIMIT ?`,
        );
        const take = db.prepare(
          `UPDATE resources SET state = 'reserved', reservation_id = ?, service_id = ?, customer_id = ?, updated_at = ?
           WHERE id = ? AND state = 'available'`,
        );
        const record = db.prepare(
          `INSERT INTO service_parameters (service_id, name, value, resource_id, resource_spec_id, allocated_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        );
        // Every pool is checked before anything is taken: a shortage anywhere changes nothing.
        const plan = req.needs.map((need) => {
          const missing = need.quantity - held.filter((h) => h.resource_spec_id === need.resourceSpecId).length;
          const free =
            missing > 0
              ? (pick.all(need.resourceSpecId, need.region, ...IDENTIFIER_TYPES, missing) as Array<{
                  id: string;
                  name: string;
                }>)
              : [];
          if (free.length < missing) {
            throw new BusinessRejection(
              BusinessErrorType.ResourceUnavailable,
              `the ${need.resourceSpecId} pool of ${need.region} has ${free.length} free, ${missing} needed`,
              { resourceSpecId: need.resourceSpecId, region: need.region, free: free.length, needed: missing },
            );
          }
          return { need, free, already: need.quantity - missing };
        });
        for (const { need, free, already } of plan) {
          free.forEach((r, i) => {
            take.run(req.serviceOrderId, req.serviceId, req.customerId, at, r.id);
            // The first identifier of a need carries its name; further ones are numbered.
            const n = already + i;
            record.run(
              req.serviceId,
              n === 0 ? need.name : `${need.name}.${n + 1}`,
              r.name,
              r.id,
              need.resourceSpecId,
              at,
            );
          });
        }
        return req.serviceId;
      });
      return heldRows(req.serviceId).map(toParameter);
    },

    async putIdentifiersInService(key, serviceId, at) {
      once(db, key, 'putIdentifiersInService', () => {
        mustService(serviceId);
        const move = db.prepare(
          `UPDATE resources SET state = 'inService', updated_at = ? WHERE id = ? AND state = 'reserved'`,
        );
        for (const p of heldRows(serviceId)) move.run(at, p.resource_id);
        return serviceId;
      });
      return heldRows(serviceId).map(toParameter);
    },

    async releaseIdentifiers(key, serviceId, reason, at) {
      const released = once(db, key, 'releaseIdentifiers', () => {
        mustService(serviceId);
        const held = heldRows(serviceId);
        const free = db.prepare(
          `UPDATE resources SET state = 'available', reservation_id = NULL, hold_until = NULL, service_id = NULL, customer_id = NULL,
             updated_at = ? WHERE id = ? AND service_id = ?`,
        );
        const close = db.prepare(
          'UPDATE service_parameters SET released_at = ?, release_reason = ? WHERE service_id = ? AND resource_id = ? AND released_at IS NULL',
        );
        for (const p of held) {
          free.run(at, p.resource_id, serviceId);
          close.run(at, reason, serviceId, p.resource_id);
        }
        return held.map((p) => toParameter({ ...p, released_at: at }));
      });
      return released;
    },

    async parametersOf(serviceId) {
      return heldRows(serviceId).map(toParameter);
    },

    async recordTest(key, t) {
      const id = once(db, key, 'recordServiceTest', () => {
        mustService(t.serviceId);
        const testId = nextId(db, 'STEST');
        db.prepare(
          `INSERT INTO service_tests (id, service_id, service_order_id, passed, measurements, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(testId, t.serviceId, t.serviceOrderId, t.passed ? 1 : 0, json.stringify(t.measurements), t.detail, t.at);
        return testId;
      });
      return { id, ...t };
    },

    async testsOf(serviceId) {
      const rows = db
        .prepare('SELECT * FROM service_tests WHERE service_id = ? ORDER BY at, id')
        .all(serviceId) as Array<{
        id: string;
        service_id: string;
        service_order_id: string;
        passed: number;
        measurements: string;
        detail: string;
        at: string;
      }>;
      return rows.map((r): ServiceTestRecord => ({
        id: r.id,
        serviceId: r.service_id,
        serviceOrderId: r.service_order_id,
        passed: r.passed === 1,
        measurements: json.parse(r.measurements),
        detail: r.detail,
        at: r.at,
      }));
    },
  };
}
