import type { Clock } from '../../ports/clock';
import type { NotificationPort } from '../../ports/notifications';
import { type NotificationRow, toNotification } from '../sqlite/notification';
import { nextId, once, type Pool } from './database';
import { sqliteShaped } from './rows';

/**
 * Notifications on PostgreSQL: the record of what was sent, to whom, one row per idempotency
 * key (`once`), with ids from the shared sequence table so workers on several hosts never
 * hand out the same NT- number.
 */

const notificationOf = (r: object) => toNotification(sqliteShaped<NotificationRow>(r));

export function createPostgresNotifications(pool: Pool, clock: Clock): NotificationPort {
  return {
    async send(key, n) {
      const id = await once(pool, key, 'sendNotification', async (tx) => {
        const notificationId = await nextId(tx, 'NT');
        await tx.query(
          `INSERT INTO notifications (id, recipient, channel, subject, body, reference, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [notificationId, n.recipient, n.channel, n.subject, n.body, n.reference, clock().toISOString()],
        );
        return notificationId;
      });
      return notificationOf((await pool.query('SELECT * FROM notifications WHERE id = $1', [id])).rows[0]!);
    },
    async listByReference(reference) {
      const { rows } = await pool.query('SELECT * FROM notifications WHERE reference = $1 ORDER BY id', [reference]);
      return rows.map(notificationOf);
    },
  };
}
