import type { Clock } from '../../ports/clock';
import type { AcceptanceItem, ResourceAcceptancePort } from '../../ports/resource-acceptance';
import { type Db, once } from './database';
import { type Row, handOverForAcceptance, recordStateChange, rowsOf, toShortfall } from './readiness-sql';

export function createSqliteResourceAcceptance(db: Db, clock: Clock): ResourceAcceptancePort {
  const now = () => clock().toISOString();
  const all = rowsOf(db);
  const acceptanceItem = (resourceId: string): AcceptanceItem => {
    const r = db
      .prepare(
        `SELECT a.*, r.resource_type, r.state AS resource_state FROM resource_acceptance a JOIN resources r ON r.id = a.resource_id
         WHERE a.resource_id = ?`,
      )
      .get(resourceId) as Row;
    return {
      resourceId: String(r['resource_id']),
      resourceType: String(r['resource_type']),
      reason: r['reason'] as AcceptanceItem['reason'],
      source: String(r['source']),
      state: r['state'] as AcceptanceItem['state'],
      resourceState: String(r['resource_state']),
    };
  };

  return {
    async handOver(key, resourceId, reason, source) {
      once(
        db,
        key,
        'handOverForAcceptance',
        () => handOverForAcceptance(db, now(), resourceId, reason, source).changes,
      );
    },
    async pendingAcceptance() {
      return (
        db
          .prepare(`SELECT resource_id FROM resource_acceptance WHERE state = 'pending' ORDER BY resource_id`)
          .pluck()
          .all() as string[]
      ).map(acceptanceItem);
    },
    async recordAcceptance(key, resourceId, passed, detail) {
      once(db, key, 'recordAcceptance', () => {
        db.prepare(`UPDATE resource_acceptance SET state = ?, detail = ?, tested_at = ? WHERE resource_id = ?`).run(
          passed ? 'accepted' : 'failed',
          detail,
          now(),
          resourceId,
        );
        if (!passed) return false;
        const r = db
          .prepare(`UPDATE resources SET state = 'available', updated_at = ? WHERE id = ? AND state = 'outOfService'`)
          .run(now(), resourceId);
        if (r.changes)
          recordStateChange(db, now(), resourceId, 'outOfService', 'available', `accepted into the pool: ${detail}`);
        // A shortfall is over once everything installed for it is in the pool.
        for (const s of all(`SELECT * FROM capacity_shortfalls WHERE state = 'capacityOrdered'`).map(toShortfall)) {
          if (!s.addedResourceIds.includes(resourceId)) continue;
          const waiting = s.addedResourceIds.filter(
            (id) =>
              db.prepare('SELECT state FROM resource_acceptance WHERE resource_id = ?').pluck().get(id) !== 'accepted',
          );
          if (waiting.length === 0)
            db.prepare(`UPDATE capacity_shortfalls SET state = 'resolved', resolved_at = ? WHERE id = ?`).run(
              now(),
              s.id,
            );
        }
        return true;
      });
      return acceptanceItem(resourceId);
    },
  };
}
