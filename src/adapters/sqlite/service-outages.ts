import type { ServiceOutage, ServiceOutagePort } from '../../ports/service-outages';
import { type Db, nextId, once } from './database';

export interface OutageRow {
  id: string;
  service_id: string;
  customer_id: string;
  service_problem_id: string | null;
  cause: string;
  started_at: string;
  restored_at: string;
}

export const toOutage = (r: OutageRow): ServiceOutage => ({
  id: r.id,
  serviceId: r.service_id,
  customerId: r.customer_id,
  serviceProblemId: r.service_problem_id,
  cause: r.cause,
  startedAt: r.started_at,
  restoredAt: r.restored_at,
});

export function createSqliteServiceOutages(db: Db): ServiceOutagePort {
  return {
    async record(key, o) {
      const id = once(db, key, 'recordServiceOutage', () => {
        const outageId = nextId(db, 'OUT');
        db.prepare(
          `INSERT INTO service_outages (id, service_id, customer_id, service_problem_id, cause, started_at, restored_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(outageId, o.serviceId, o.customerId, o.serviceProblemId, o.cause, o.startedAt, o.restoredAt);
        return outageId;
      });
      return toOutage(db.prepare('SELECT * FROM service_outages WHERE id = ?').get(id) as OutageRow);
    },
    async overlapping(from, to, serviceId) {
      const rows = db
        .prepare(
          `SELECT * FROM service_outages
           WHERE started_at < @to AND restored_at > @from AND (@serviceId IS NULL OR service_id = @serviceId)
           ORDER BY started_at, id`,
        )
        .all({ from, to, serviceId: serviceId ?? null }) as OutageRow[];
      return rows.map(toOutage);
    },
  };
}
