import type { Clock } from '../../ports/clock';
import type { MaintenanceJob, MaintenanceJobPort } from '../../ports/maintenance-jobs';
import { type Db, nextId, once } from './database';
import type { Row } from './readiness-sql';

/** A maintenance_jobs row as the port's job; the PostgreSQL adapter maps its rows with it too. */
export const toMaintenanceJob = (r: Row): MaintenanceJob => ({
  id: String(r['id']),
  resourceId: String(r['resource_id']),
  kind: r['kind'] as MaintenanceJob['kind'],
  reason: String(r['reason']),
  state: r['state'] as MaintenanceJob['state'],
});

export function createSqliteMaintenanceJobs(db: Db, clock: Clock): MaintenanceJobPort {
  const now = () => clock().toISOString();
  const job = (id: string): MaintenanceJob =>
    toMaintenanceJob(db.prepare('SELECT * FROM maintenance_jobs WHERE id = ?').get(id) as Row);

  return {
    async requestMaintenance(key, j) {
      const id = once(db, key, 'requestMaintenance', () => {
        const open = db
          .prepare(`SELECT id FROM maintenance_jobs WHERE resource_id = ? AND kind = ? AND state = 'requested'`)
          .pluck()
          .get(j.resourceId, j.kind) as string | undefined;
        if (open) return open;
        const jid = nextId(db, 'MJ');
        db.prepare(
          `INSERT INTO maintenance_jobs (id, resource_id, kind, reason, state, created_at) VALUES (?, ?, ?, ?, 'requested', ?)`,
        ).run(jid, j.resourceId, j.kind, j.reason, now());
        return jid;
      });
      return job(id);
    },
    async openMaintenance() {
      return (
        db.prepare(`SELECT id FROM maintenance_jobs WHERE state = 'requested' ORDER BY id`).pluck().all() as string[]
      ).map(job);
    },
    async completeMaintenance(key, jobId, state, result) {
      once(
        db,
        key,
        'completeMaintenance',
        () =>
          db
            .prepare(
              `UPDATE maintenance_jobs SET state = ?, result = ?, done_at = ? WHERE id = ? AND state = 'requested'`,
            )
            .run(state, result, now(), jobId).changes,
      );
    },
    async idleOutOfService(types) {
      return db
        .prepare(
          `SELECT r.id FROM resources r
           WHERE r.state = 'outOfService' AND r.service_id IS NULL AND r.reservation_id IS NULL
             AND r.resource_type IN (${types.map(() => '?').join(',')})
             AND NOT EXISTS (SELECT 1 FROM resource_acceptance a WHERE a.resource_id = r.id AND a.state = 'pending')
             AND NOT EXISTS (SELECT 1 FROM shipments s, json_each(s.resource_ids) j WHERE j.value = r.id AND s.state = 'inTransit')
             AND NOT EXISTS (SELECT 1 FROM inventory_discrepancies d WHERE d.subject = r.id AND d.kind = 'notDiscovered'
                              AND d.found_at >= (SELECT COALESCE(MAX(h.at), '') FROM resource_state_history h WHERE h.resource_id = r.id))
           ORDER BY r.id`,
        )
        .pluck()
        .all(...types) as string[];
    },
  };
}
