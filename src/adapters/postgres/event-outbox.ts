import type { EventEnvelope, NewEvent } from '../../ports/event-subscriptions';
import type { Tx } from './database';

/**
 * Stores the event a state change publishes, inside the change's own transaction (and its
 * idempotency key's `once`): the event exists exactly when the change does.
 *
 * Delivery reads the outbox in `seq` order and moves each listener's cursor past what it read,
 * so a `seq` must never become visible after a greater one: a sequence would hand numbers out
 * at the call and commit them in any order, and a listener would skip the late one for good.
 * A transaction-scoped advisory lock makes appenders take their numbers in commit order (the
 * next appender waits for this transaction to end), across processes.
 */
export async function appendEvent(tx: Tx, e: NewEvent, at: string): Promise<EventEnvelope> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['etom-event-outbox']);
  const { rows } = await tx.query<{ seq: string; entity_seq: number }>(
    `SELECT (SELECT COALESCE(MAX(seq), 0) + 1 FROM event_outbox) AS seq,
            (SELECT COALESCE(MAX(entity_seq), 0) + 1 FROM event_outbox WHERE entity_type = $1 AND entity_id = $2) AS entity_seq`,
    [e.entityType, e.entityId],
  );
  const seq = Number(rows[0]!.seq);
  const envelope: EventEnvelope = {
    eventId: `EVT-${String(seq).padStart(9, '0')}`,
    eventTime: at,
    eventType: e.eventType,
    ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}),
    event: e.event,
  };
  await tx.query(
    `INSERT INTO event_outbox (seq, event_id, api, entity_type, entity_id, entity_seq, event_type, event_time, envelope)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      seq,
      envelope.eventId,
      e.api,
      e.entityType,
      e.entityId,
      rows[0]!.entity_seq,
      e.eventType,
      at,
      JSON.stringify(envelope),
    ],
  );
  return envelope;
}
