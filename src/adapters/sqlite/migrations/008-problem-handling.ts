/**
 * CRM Problem Handling (1.A.1.6): TMF621 trouble tickets with their notes, state history and
 * links (a customer's report of a problem already known is linked to that one, not duplicated).
 * SM&O Service Problem Management (1.A.2.3): TMF656 service problems with their history.
 * Manage Workforce (1.O.3.1.6): work orders past their repair target are escalated.
 */
export const sql = `
CREATE TABLE trouble_tickets (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL CHECK (origin IN ('customer', 'network')),
  customer_id TEXT NOT NULL,
  service_id TEXT,
  product_id TEXT,
  description TEXT NOT NULL,
  urgency TEXT NOT NULL CHECK (urgency IN ('critical', 'high', 'medium', 'low')),
  state TEXT NOT NULL CHECK (state IN
    ('acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'resolved', 'closed', 'cancelled')),
  -- SM&O's problem behind the ticket (referenced by id: SM&O owns it).
  service_problem_id TEXT,
  -- The ticket this report was linked to, when the problem was already known.
  linked_to TEXT REFERENCES trouble_tickets(id),
  estimated_restoration TEXT,
  escalated_at TEXT,
  reopened INTEGER NOT NULL DEFAULT 0,
  resolution TEXT,
  -- Agreed with the customer at closure (1.A.1.6.4): restored within the SLA or not.
  sla_met INTEGER,
  workflow_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  resolved_at TEXT,
  closed_at TEXT
);
CREATE INDEX trouble_tickets_service ON trouble_tickets (service_id, state);

CREATE TABLE trouble_ticket_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id TEXT NOT NULL REFERENCES trouble_tickets(id),
  from_state TEXT,
  to_state TEXT NOT NULL,
  reason TEXT,
  at TEXT NOT NULL
);
CREATE INDEX trouble_ticket_history_ticket ON trouble_ticket_history (ticket_id, seq);

CREATE TABLE trouble_ticket_notes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id TEXT NOT NULL REFERENCES trouble_tickets(id),
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX trouble_ticket_notes_ticket ON trouble_ticket_notes (ticket_id, seq);

-- TMF621 ticketRelationship: this ticket and another one (e.g. isDuplicateOf).
CREATE TABLE trouble_ticket_links (
  ticket_id TEXT NOT NULL REFERENCES trouble_tickets(id),
  related_id TEXT NOT NULL,
  relationship TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (ticket_id, related_id, relationship)
);

CREATE TABLE service_problems (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL CHECK (origin IN ('customer', 'resourceTrouble', 'quality')),
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  description TEXT NOT NULL,
  urgency TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN
    ('acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'resolved', 'closed', 'cancelled')),
  trouble_ticket_id TEXT,
  resource_trouble_id TEXT,
  -- JSON: the services and customers the problem affects (1.A.2.3.1).
  impact TEXT,
  estimated_restoration TEXT,
  -- JSON RootCause (1.A.2.3.2); its resource, kept apart to correlate problems of common cause.
  root_cause TEXT,
  root_resource_id TEXT,
  correlated_with TEXT REFERENCES service_problems(id),
  -- JSON: the resolution plan (1.A.2.3.3).
  plan TEXT,
  resolution TEXT,
  workflow_id TEXT,
  started_at TEXT NOT NULL,
  restored_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE INDEX service_problems_service ON service_problems (service_id, state);
CREATE INDEX service_problems_root ON service_problems (root_resource_id, state);

CREATE TABLE service_problem_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  service_problem_id TEXT NOT NULL REFERENCES service_problems(id),
  from_state TEXT,
  to_state TEXT NOT NULL,
  process TEXT,
  detail TEXT,
  at TEXT NOT NULL
);
CREATE INDEX service_problem_history_problem ON service_problem_history (service_problem_id, seq);

ALTER TABLE work_orders ADD COLUMN escalations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE work_orders ADD COLUMN escalated_at TEXT;
`;
