import type { ServiceOutagePort } from '../../ports/service-outages';
import { type OutageRow, toOutage } from '../sqlite/service-outages';
import { nextId, once, type Pool } from './database';
import { shapedRows } from './rows';

/**
 * Service outages on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/service-outages.contract.ts runs on both), its mapper shared. An outage is written
 * once per key (a closure retried by another worker finds the first); the period read compares
 * instants.
 */
export function createPostgresServiceOutages(pool: Pool): ServiceOutagePort {
  return {
    async record(key, o) {
      const id = await once(pool, key, 'recordServiceOutage', async (tx) => {
        const outageId = await nextId(tx, 'OUT');
        await tx.query(
          `INSERT INTO service_outages (id, service_id, customer_id, service_problem_id, cause, started_at, restored_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [outageId, o.serviceId, o.customerId, o.serviceProblemId, o.cause, o.startedAt, o.restoredAt],
        );
        return outageId;
      });
      const { rows } = await pool.query('SELECT * FROM service_outages WHERE id = $1', [id]);
      return toOutage(shapedRows<OutageRow>(rows)[0]!);
    },

    async overlapping(from, to, serviceId) {
      const { rows } = await pool.query(
        `SELECT * FROM service_outages
         WHERE started_at < $2 AND restored_at > $1 AND ($3::text IS NULL OR service_id = $3)
         ORDER BY started_at, id`,
        [from, to, serviceId ?? null],
      );
      return shapedRows<OutageRow>(rows).map(toOutage);
    },
  };
}
