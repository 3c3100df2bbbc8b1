/**
 * The TMF Open API hub (TMF630 notifications): the listeners subscribed to each API, and the
 * outbox of the events the processes published. An event is stored in the same transaction as
 * the state change it reports, before anything is sent; each subscription keeps the sequence of
 * the last event its listener acknowledged, so delivery resumes there, at least once, in order.
 */
export const sql = `
CREATE TABLE event_subscriptions (
  id TEXT PRIMARY KEY,
  api TEXT NOT NULL,
  callback TEXT NOT NULL,
  query TEXT,
  created_at TEXT NOT NULL,
  -- Events up to this sequence were delivered (or are not this listener's); it starts at the
  -- outbox's end when the listener subscribes: a listener gets what happens after it subscribed.
  delivered_seq INTEGER NOT NULL,
  ended_at TEXT,
  end_reason TEXT
);
CREATE INDEX event_subscriptions_api ON event_subscriptions (api) WHERE ended_at IS NULL;

CREATE TABLE event_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  api TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  -- 1, 2, 3… for one entity: the order its own changes happened in.
  entity_seq INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  event_time TEXT NOT NULL,
  envelope TEXT NOT NULL,
  UNIQUE (entity_type, entity_id, entity_seq)
);
CREATE INDEX event_outbox_api ON event_outbox (api, seq);
`;
