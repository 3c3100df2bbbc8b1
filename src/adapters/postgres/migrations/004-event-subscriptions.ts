/**
 * The TMF Open API hub (TMF630): the listeners subscribed to each API. Each subscription keeps
 * the sequence of the last outbox event (migration 002) its listener acknowledged, so delivery
 * resumes there, at least once, in order.
 */
export const EVENT_SUBSCRIPTIONS = `
CREATE TABLE event_subscriptions (
  id TEXT PRIMARY KEY,
  api TEXT NOT NULL,
  callback TEXT NOT NULL,
  query TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  -- Starts at the outbox's end when the listener subscribes: it gets what happens after.
  delivered_seq BIGINT NOT NULL,
  ended_at TIMESTAMPTZ,
  end_reason TEXT
);
CREATE INDEX event_subscriptions_api ON event_subscriptions (api, created_at, id) WHERE ended_at IS NULL;
`;
