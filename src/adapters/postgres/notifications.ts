import type { Clock } from '../../ports/clock';
import type { Notification, NotificationPort } from '../../ports/notifications';
import { nextId, once, type Pool } from './database';

/**
 * Notifications on PostgreSQL: the record of what was sent, to whom, one row per idempotency
 * key (`once`), with ids from the shared sequence table so workers on several hosts never
 * hand out the same NT- number.
 */

interface Row {
  id: string;
  recipient: string;
  channel: Notification['channel'];
  subject: string;
  body: string;
  reference: string | null;
  created_at: Date;
}

const toNotification = (r: Row): Notification => ({
  id: r.id,
  recipient: r.recipient,
  channel: r.channel,
  subject: r.subject,
  body: r.body,
  reference: r.reference,
  createdAt: r.created_at.toISOString(),
});

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
      return toNotification((await pool.query<Row>('SELECT * FROM notifications WHERE id = $1', [id])).rows[0]!);
    },
    async listByReference(reference) {
      const { rows } = await pool.query<Row>('SELECT * FROM notifications WHERE reference = $1 ORDER BY id', [
        reference,
      ]);
      return rows.map(toNotification);
    },
  };
}
