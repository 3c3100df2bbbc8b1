import { randomUUID } from 'node:crypto';
import type { EventSubscription, EventSubscriptionPort, StoredEvent } from '../../ports/event-subscriptions';
import type { Pool } from './database';

/**
 * The TMF630 hub on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/event-subscriptions.contract.ts runs on both). Reading `pending` after a cursor
 * is safe with workers appending at the same time because appendEvent (event-outbox.ts) makes
 * outbox sequences commit in order: no event can appear behind a cursor that has passed it.
 */

interface SubscriptionRow {
  id: string;
  api: string;
  callback: string;
  query: string | null;
  created_at: Date;
  delivered_seq: string;
}

const toSubscription = (r: SubscriptionRow): EventSubscription => ({
  id: r.id,
  api: r.api,
  callback: r.callback,
  query: r.query,
  createdAt: r.created_at.toISOString(),
});

export function createPostgresEventSubscriptions(pool: Pool): EventSubscriptionPort {
  const activeRow = async (id: string) =>
    (await pool.query<SubscriptionRow>('SELECT * FROM event_subscriptions WHERE id = $1 AND ended_at IS NULL', [id]))
      .rows[0];

  return {
    async subscribe(s, at) {
      // Unique beyond this store: its delivery workflow's id derives from it, and several
      // stores (deployments, enterprises, tests) may share one Temporal namespace.
      const id = `SUB-${randomUUID()}`;
      const { rows } = await pool.query<SubscriptionRow>(
        `INSERT INTO event_subscriptions (id, api, callback, query, created_at, delivered_seq)
         VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(seq), 0) FROM event_outbox)) RETURNING *`,
        [id, s.api, s.callback, s.query, at],
      );
      return toSubscription(rows[0]!);
    },

    async get(id) {
      const r = await activeRow(id);
      return r ? toSubscription(r) : undefined;
    },

    async unsubscribe(id, reason, at) {
      const ended = await pool.query(
        'UPDATE event_subscriptions SET ended_at = $1, end_reason = $2 WHERE id = $3 AND ended_at IS NULL',
        [at, reason, id],
      );
      return (ended.rowCount ?? 0) > 0;
    },

    async active(api) {
      const { rows } = await pool.query<SubscriptionRow>(
        'SELECT * FROM event_subscriptions WHERE api = $1 AND ended_at IS NULL ORDER BY created_at, id',
        [api],
      );
      return rows.map(toSubscription);
    },

    async pending(id, limit) {
      const sub = await activeRow(id);
      if (!sub) return [];
      const { rows } = await pool.query<{
        seq: string;
        entity_id: string;
        entity_seq: number;
        envelope: StoredEvent['envelope'];
      }>(
        'SELECT seq, entity_id, entity_seq, envelope FROM event_outbox WHERE api = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [sub.api, sub.delivered_seq, limit],
      );
      return rows.map((r): StoredEvent => ({
        seq: Number(r.seq),
        entityId: r.entity_id,
        entitySeq: r.entity_seq,
        envelope: r.envelope,
      }));
    },

    async delivered(id, seq) {
      // The cursor only moves forward: a late acknowledgement of an earlier batch leaves it.
      const moved = await pool.query(
        'UPDATE event_subscriptions SET delivered_seq = GREATEST(delivered_seq, $1) WHERE id = $2 AND ended_at IS NULL',
        [seq, id],
      );
      return (moved.rowCount ?? 0) > 0;
    },
  };
}
