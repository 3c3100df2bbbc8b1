import type { EventEnvelope, NewEvent } from '../../ports/event-subscriptions';
import type { Db } from './database';
import { preparedOnce } from './statements';

// Each store's outbox statements, prepared once: an alarm storm appends thousands of events.
const statementsOf = new WeakMap<Db, ReturnType<typeof preparedOnce>>();

/**
 * Stores the event a state change publishes. Called inside the change's own transaction (and
 * its idempotency key's `once`), so the event exists exactly when the change does: a retried
 * change stores nothing twice, and a change is never left without its event.
 */
export function appendEvent(db: Db, e: NewEvent, at: string): EventEnvelope {
  let sql = statementsOf.get(db);
  if (!sql) statementsOf.set(db, (sql = preparedOnce(db)));
  const entitySeq =
    (sql('SELECT MAX(entity_seq) FROM event_outbox WHERE entity_type = ? AND entity_id = ?')
      .pluck()
      .get(e.entityType, e.entityId) as number | null) ?? 0;
  const seq = ((sql('SELECT MAX(seq) FROM event_outbox').pluck().get() as number | null) ?? 0) + 1;
  const envelope: EventEnvelope = {
    eventId: `EVT-${String(seq).padStart(9, '0')}`,
    eventTime: at,
    eventType: e.eventType,
    ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}),
    event: e.event,
  };
  sql(
    `INSERT INTO event_outbox (seq, event_id, api, entity_type, entity_id, entity_seq, event_type, event_time, envelope)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    seq,
    envelope.eventId,
    e.api,
    e.entityType,
    e.entityId,
    entitySeq + 1,
    e.eventType,
    at,
    JSON.stringify(envelope),
  );
  return envelope;
}
