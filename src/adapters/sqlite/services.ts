import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import { canTransitionService } from '../../domain/fulfilment/service-lifecycle';
import type { ServiceInventoryPort, ServiceTestRecord } from '../../ports/service-inventory';
import { type Db, json, nextId, once } from './database';
import { searchIds } from './search';
import { serviceInventoryRecords, toService } from './service-inventory-records';

/** Service instances: designed for an order, moved through their states and updated, with their history and tests. */
export function createSqliteServices(
  db: Db,
): Pick<
  ServiceInventoryPort,
  | 'createService'
  | 'getService'
  | 'searchServices'
  | 'transitionService'
  | 'updateService'
  | 'history'
  | 'recordTest'
  | 'testsOf'
> {
  const { serviceRow, logState, mustOrder, mustService } = serviceInventoryRecords(db);
  return {
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

    async searchServices(q) {
      const { total, ids } = searchIds(db, 'services', {
        anyOf: [
          ['id', q.ids],
          ['state', q.states],
          ['customer_id', q.customerIds],
          ['cfs_spec_id', q.cfsSpecIds],
          ['service_order_id', q.serviceOrderIds],
        ],
        dates: q.dates,
        dateColumns: { createdAt: 'created_at', activatedAt: 'activated_at', terminatedAt: 'terminated_at' },
        offset: q.offset,
        limit: q.limit,
      });
      return { total, orders: ids.map((id) => toService(serviceRow(id)!)) };
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
