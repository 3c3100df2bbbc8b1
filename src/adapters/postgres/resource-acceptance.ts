import type { Clock } from '../../ports/clock';
import type { AcceptanceItem, ResourceAcceptancePort } from '../../ports/resource-acceptance';
import { handOverForAcceptance } from './acceptance';
import { once, type Pool, type Tx } from './database';

/**
 * Resource Acceptance (1.O.3.1.1) on PostgreSQL, as the SQLite adapter
 * (src/adapters/sqlite/resource-acceptance.ts). A pass moves the resource out of service into the
 * available pool once, with its history; the shortfall it was added for is locked before its
 * resources are counted, so the last two accepted by two workers at once still end it.
 */

export function createPostgresResourceAcceptance(pool: Pool, clock: Clock): ResourceAcceptancePort {
  const now = () => clock().toISOString();
  const acceptanceItem = async (resourceId: string): Promise<AcceptanceItem> => {
    const r = (
      await pool.query<Record<string, string>>(
        `SELECT a.*, r.resource_type, r.state AS resource_state FROM resource_acceptance a
         JOIN resources r ON r.id = a.resource_id WHERE a.resource_id = $1`,
        [resourceId],
      )
    ).rows[0]!;
    return {
      resourceId: r['resource_id']!,
      resourceType: r['resource_type']!,
      reason: r['reason'] as AcceptanceItem['reason'],
      source: r['source']!,
      state: r['state'] as AcceptanceItem['state'],
      resourceState: r['resource_state']!,
    };
  };
  /** Ends each shortfall waiting for this resource whose added resources are now all accepted. */
  const endShortfalls = async (tx: Tx, resourceId: string) => {
    const { rows } = await tx.query<{ id: string; added_resource_ids: string[] }>(
      `SELECT id, added_resource_ids FROM capacity_shortfalls
       WHERE state = 'capacityOrdered' AND added_resource_ids ? $1 ORDER BY id FOR UPDATE`,
      [resourceId],
    );
    for (const s of rows) {
      // A statement after the lock: it sees what a worker that held the lock before has committed.
      const waiting = await tx.query(
        `SELECT 1 FROM jsonb_array_elements_text($1::jsonb) AS added(id)
         WHERE NOT EXISTS (SELECT 1 FROM resource_acceptance a WHERE a.resource_id = added.id AND a.state = 'accepted')`,
        [JSON.stringify(s.added_resource_ids)],
      );
      if (waiting.rowCount === 0)
        await tx.query(`UPDATE capacity_shortfalls SET state = 'resolved', resolved_at = $1 WHERE id = $2`, [
          now(),
          s.id,
        ]);
    }
  };

  return {
    async handOver(key, resourceId, reason, source) {
      await once(pool, key, 'handOverForAcceptance', (tx) =>
        handOverForAcceptance(tx, now(), resourceId, reason, source),
      );
    },
    async pendingAcceptance() {
      const { rows } = await pool.query<{ resource_id: string }>(
        `SELECT resource_id FROM resource_acceptance WHERE state = 'pending' ORDER BY resource_id`,
      );
      return Promise.all(rows.map((r) => acceptanceItem(r.resource_id)));
    },
    async recordAcceptance(key, resourceId, passed, detail) {
      await once(pool, key, 'recordAcceptance', async (tx) => {
        await tx.query(
          `UPDATE resource_acceptance SET state = $1, detail = $2, tested_at = $3 WHERE resource_id = $4`,
          [passed ? 'accepted' : 'failed', detail, now(), resourceId],
        );
        if (!passed) return false;
        const moved = await tx.query(
          `UPDATE resources SET state = 'available', updated_at = $1 WHERE id = $2 AND state = 'outOfService'`,
          [now(), resourceId],
        );
        if (moved.rowCount)
          await tx.query(
            `INSERT INTO resource_state_history (resource_id, from_state, to_state, reason, at)
             VALUES ($1, 'outOfService', 'available', $2, $3)`,
            [resourceId, `accepted into the pool: ${detail}`, now()],
          );
        await endShortfalls(tx, resourceId);
        return true;
      });
      return acceptanceItem(resourceId);
    },
  };
}
