import { randomUUID } from 'node:crypto';
import type { EventSubscription, EventSubscriptionPort, StoredEvent } from '../../ports/event-subscriptions';
import type { Db } from './database';

interface SubscriptionRow {
  id: string;
  api: string;
  callback: string;
  query: string | null;
  created_at: string;
}

const toSubscription = (r: SubscriptionRow): EventSubscription => ({
  id: r.id,
  api: r.api,
  callback: r.callback,
  query: r.query,
  createdAt: r.created_at,
});

export function createSqliteEventSubscriptions(db: Db): EventSubscriptionPort {
  const activeRow = (id: string) =>
    db.prepare('SELECT * FROM event_subscriptions WHERE id = ? AND ended_at IS NULL').get(id) as
      (SubscriptionRow & { delivered_seq: number }) | undefined;

  return {
    async subscribe(s, at) {
      const id = db
        .transaction(() => {
          // Unique beyond this store: its delivery workflow's id derives from it, and several
          // stores (deployments, enterprises, tests) may share one Temporal namespace.
          const subscriptionId = `SUB-${randomUUID()}`;
          db.prepare(
            `INSERT INTO event_subscriptions (id, api, callback, query, created_at, delivered_seq)
             VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) FROM event_outbox))`,
          ).run(subscriptionId, s.api, s.callback, s.query, at);
          return subscriptionId;
        })
        .immediate();
      return toSubscription(activeRow(id)!);
    },

    async get(id) {
      const r = activeRow(id);
      return r ? toSubscription(r) : undefined;
    },

    async unsubscribe(id, reason, at) {
      const ended = db
        .prepare('UPDATE event_subscriptions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL')
        .run(at, reason, id);
      return ended.changes > 0;
    },

    async active(api) {
      const rows = db
        .prepare('SELECT * FROM event_subscriptions WHERE api = ? AND ended_at IS NULL ORDER BY created_at, id')
        .all(api) as SubscriptionRow[];
      return rows.map(toSubscription);
    },

    async pending(id, limit) {
      const sub = activeRow(id);
      if (!sub) return [];
      const rows = db
        .prepare(
          'SELECT seq, entity_id, entity_seq, envelope FROM event_outbox WHERE api = ? AND seq > ? ORDER BY seq LIMIT ?',
        )
        .all(sub.api, sub.delivered_seq, limit) as Array<{
        seq: number;
        entity_id: string;
        entity_seq: number;
        envelope: string;
      }>;
      return rows.map((r): StoredEvent => ({
        seq: r.seq,
        entityId: r.entity_id,
        entitySeq: r.entity_seq,
        envelope: JSON.parse(r.envelope) as StoredEvent['envelope'],
      }));
    },

    async delivered(id, seq) {
      const moved = db
        .prepare(
          'UPDATE event_subscriptions SET delivered_seq = MAX(delivered_seq, ?) WHERE id = ? AND ended_at IS NULL',
        )
        .run(seq, id);
      return moved.changes > 0;
    },
  };
}
