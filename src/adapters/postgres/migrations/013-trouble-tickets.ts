/**
 * CRM Problem Handling (1.A.1.6) on PostgreSQL, as the SQLite store's migration 008: migration 008
 * here made the tickets for the sales history; this gives them their notes, links and status
 * history, and counts reopenings (a number on the port, a boolean there).
 */
export const TROUBLE_TICKETS = `
ALTER TABLE trouble_tickets ALTER COLUMN reopened DROP DEFAULT;
ALTER TABLE trouble_tickets ALTER COLUMN reopened TYPE INTEGER USING (CASE WHEN reopened THEN 1 ELSE 0 END);
ALTER TABLE trouble_tickets ALTER COLUMN reopened SET DEFAULT 0;
CREATE INDEX trouble_tickets_service ON trouble_tickets (service_id, state);

CREATE TABLE trouble_ticket_history (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES trouble_tickets(id),
  from_state TEXT,
  to_state TEXT NOT NULL,
  reason TEXT,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX trouble_ticket_history_ticket ON trouble_ticket_history (ticket_id, seq);

CREATE TABLE trouble_ticket_notes (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES trouble_tickets(id),
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX trouble_ticket_notes_ticket ON trouble_ticket_notes (ticket_id, seq);

CREATE TABLE trouble_ticket_links (
  ticket_id TEXT NOT NULL REFERENCES trouble_tickets(id),
  related_id TEXT NOT NULL,
  relationship TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (ticket_id, related_id, relationship)
);
`;
