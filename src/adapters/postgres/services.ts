import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import { canTransitionService } from '../../domain/fulfilment/service-lifecycle';
import type { ServiceInventoryPort, ServiceTestRecord } from '../../ports/service-inventory';
import { nextId, once, type Pool } from './database';
import { updateColumns } from './rows';
import { searchIds } from './search';
import { logState, mustOrder, mustService, serviceRow, serviceRows, toService } from './service-inventory-records';

/**
 * Service instances (TMF638) on PostgreSQL: designed for an order, moved through their states and
 * updated, with their history and tests. A move locks the service's row, so workers moving one
 * service at once are judged one after the other against its life cycle.
 */
export function createPostgresServices(
  pool: Pool,
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
  const service = async (id: string) => toService((await serviceRow(pool, id))!);

  return {
    async createService(key, s, at) {
      const id = await once(pool, key, 'createService', async (tx) => {
        await mustOrder(tx, s.serviceOrderId);
        const serviceId = await nextId(tx, 'SVC');
        await tx.query(
          `INSERT INTO services (id, cfs_spec_id, customer_id, region, state, characteristics, service_order_id, design,
             created_at, updated_at)
           VALUES ($1, $2, $3, $4, 'designed', $5, $6, $7, $8, $8)`,
          [
            serviceId,
            s.cfsSpecId,
            s.customerId,
            s.region,
            JSON.stringify(s.characteristics),
            s.serviceOrderId,
            JSON.stringify(s.design),
            at,
          ],
        );
        await logState(tx, 'service', serviceId, null, 'designed', `designed for ${s.serviceOrderId}`, at);
        return serviceId;
      });
      return service(id);
    },

    async getService(id) {
      const r = await serviceRow(pool, id);
      return r && toService(r);
    },

    async searchServices(q) {
      const { total, ids } = await searchIds(pool, 'services', {
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
        newest: 'created_at',
      });
      const byId = new Map((await serviceRows(pool, 'id = ANY($1)', [ids])).map((r) => [r.id, toService(r)]));
      return { total, orders: ids.map((id) => byId.get(id)!) };
    },

    async transitionService(key, id, to, reason, at) {
      await once(pool, key, 'transitionService', async (tx) => {
        const from = (await mustService(tx, id, true)).state;
        if (from === to) return to;
        if (!canTransitionService(from, to))
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `service ${id} cannot go from ${from} to ${to}`,
            { from, to },
          );
        await tx.query(
          `UPDATE services SET state = $1, updated_at = $2,
             activated_at = CASE WHEN $1 = 'active' THEN $2::timestamptz ELSE activated_at END,
             terminated_at = CASE WHEN $1 = 'terminated' THEN $2::timestamptz ELSE terminated_at END
           WHERE id = $3`,
          [to, at, id],
        );
        await logState(tx, 'service', id, from, to, reason, at);
        return to;
      });
      return service(id);
    },

    async updateService(key, id, change, at) {
      await once(pool, key, 'updateService', async (tx) => {
        await mustService(tx, id, true);
        const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));
        const columns = {
          characteristics: json(change.characteristics),
          design: json(change.design),
          assurance: json(change.assurance),
        };
        if (Object.values(columns).every((v) => v === undefined)) return id;
        await updateColumns(tx, 'services', id, { ...columns, updated_at: at });
        return id;
      });
      return service(id);
    },

    async history(entity, id) {
      const { rows } = await pool.query<{ from: string | null; to: string; reason: string | null; at: Date }>(
        `SELECT from_state AS "from", to_state AS "to", reason, at FROM service_state_history
         WHERE entity = $1 AND entity_id = $2 ORDER BY seq`,
        [entity, id],
      );
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    },

    async recordTest(key, t) {
      const id = await once(pool, key, 'recordServiceTest', async (tx) => {
        await mustService(tx, t.serviceId);
        const testId = await nextId(tx, 'STEST');
        await tx.query(
          `INSERT INTO service_tests (id, service_id, service_order_id, passed, measurements, detail, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [testId, t.serviceId, t.serviceOrderId, t.passed, JSON.stringify(t.measurements), t.detail, t.at],
        );
        return testId;
      });
      return { id, ...t };
    },

    async testsOf(serviceId) {
      const { rows } = await pool.query<{
        id: string;
        service_order_id: string;
        passed: boolean;
        measurements: Record<string, number>;
        detail: string;
        at: Date;
      }>(
        'SELECT id, service_order_id, passed, measurements, detail, at FROM service_tests WHERE service_id = $1 ORDER BY at, id',
        [serviceId],
      );
      return rows.map((r): ServiceTestRecord => ({
        id: r.id,
        serviceId,
        serviceOrderId: r.service_order_id,
        passed: r.passed,
        measurements: r.measurements,
        detail: r.detail,
        at: r.at.toISOString(),
      }));
    },
  };
}
