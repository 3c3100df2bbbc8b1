import type { Notification, NotificationPort } from '../../ports/notifications';
import { type Db, nextId, once } from './database';

/** A notifications row in this store's shape; the PostgreSQL adapter reads its rows with `toNotification` too. */
export interface NotificationRow {
  id: string;
  recipient: string;
  channel: Notification['channel'];
  subject: string;
  body: string;
  reference: string | null;
  created_at: string;
}

export const toNotification = (r: NotificationRow): Notification => ({
  id: r.id,
  recipient: r.recipient,
  channel: r.channel,
  subject: r.subject,
  body: r.body,
  reference: r.reference,
  createdAt: r.created_at,
});

/** Notifications are written to an outbox table: the record of what was sent, to whom. */
export function createSqliteNotification(db: Db, now: () => Date): NotificationPort {
  return {
    async send(key, n) {
      const id = once(db, key, 'sendNotification', () => {
        const notificationId = nextId(db, 'NT');
        db.prepare(
          `INSERT INTO notifications (id, recipient, channel, subject, body, reference, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(notificationId, n.recipient, n.channel, n.subject, n.body, n.reference, now().toISOString());
        return notificationId;
      });
      return toNotification(db.prepare('SELECT * FROM notifications WHERE id = ?').get(id) as NotificationRow);
    },
    async listByReference(reference) {
      const rows = db
        .prepare('SELECT * FROM notifications WHERE reference = ? ORDER BY id')
        .all(reference) as NotificationRow[];
      return rows.map(toNotification);
    },
  };
}
