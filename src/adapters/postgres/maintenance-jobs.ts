import type { Clock } from '../../ports/clock';
import type { MaintenanceJob, MaintenanceJobPort } from '../../ports/maintenance-jobs';
import { toMaintenanceJob } from '../sqlite/maintenance-jobs';
import { nextId, once, type Pool } from './database';

/**
 * Preventive maintenance and repairs of resources (1.O.3.1.3) on PostgreSQL: the same contract
 * as the SQLite adapter (test/ports/maintenance-jobs.contract.ts runs on both). One job requested
 * per resource and kind is the database's rule (a partial unique index), so workers asking for
 * the same job at once get the one job.
 */

export function createPostgresMaintenanceJobs(pool: Pool, clock: Clock): MaintenanceJobPort {
  const now = () => clock().toISOString();
  const jobs = async (where: string, params: unknown[]): Promise<MaintenanceJob[]> =>
    (await pool.query(`SELECT * FROM maintenance_jobs WHERE ${where} ORDER BY id`, params)).rows.map(toMaintenanceJob);

  return {
    async requestMaintenance(key, j) {
      const id = await once(pool, key, 'requestMaintenance', async (tx) => {
        const open = async () =>
          (
            await tx.query<{ id: string }>(
              "SELECT id FROM maintenance_jobs WHERE resource_id = $1 AND kind = $2 AND state = 'requested'",
              [j.resourceId, j.kind],
            )
          ).rows[0]?.id;
        const existing = await open();
        if (existing) return existing;
        const jid = await nextId(tx, 'MJ');
        // Another worker's job on the same resource and kind, committed meanwhile, stands instead.
        const { rowCount } = await tx.query(
          `INSERT INTO maintenance_jobs (id, resource_id, kind, reason, state, created_at)
           VALUES ($1, $2, $3, $4, 'requested', $5)
           ON CONFLICT (resource_id, kind) WHERE state = 'requested' DO NOTHING`,
          [jid, j.resourceId, j.kind, j.reason, now()],
        );
        if (rowCount) return jid;
        // The job that stood in the way was done in the meantime: a plain error, the retry asks afresh.
        const other = await open();
        if (!other) throw new Error(`maintenance job on ${j.resourceId} changed while requested; retry`);
        return other;
      });
      return (await jobs('id = $1', [id]))[0]!;
    },

    async openMaintenance() {
      return jobs("state = 'requested'", []);
    },

    async completeMaintenance(key, jobId, state, result) {
      await once(pool, key, 'completeMaintenance', async (tx) => {
        const { rowCount } = await tx.query(
          "UPDATE maintenance_jobs SET state = $1, result = $2, done_at = $3 WHERE id = $4 AND state = 'requested'",
          [state, result, now(), jobId],
        );
        return rowCount;
      });
    },

    async idleOutOfService(types) {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT r.id FROM resources r
         WHERE r.state = 'outOfService' AND r.service_id IS NULL AND r.reservation_id IS NULL
           AND r.resource_type = ANY($1)
           AND NOT EXISTS (SELECT 1 FROM resource_acceptance a WHERE a.resource_id = r.id AND a.state = 'pending')
           AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.resource_ids ? r.id AND s.state = 'inTransit')
           AND NOT EXISTS (SELECT 1 FROM inventory_discrepancies d WHERE d.subject = r.id AND d.kind = 'notDiscovered'
                            AND d.found_at >= COALESCE((SELECT MAX(h.at) FROM resource_state_history h
                                                         WHERE h.resource_id = r.id), '-infinity'))
         ORDER BY r.id`,
        [types],
      );
      return rows.map((r) => r.id);
    },
  };
}
