/**
 * S/P Interface Management (S/PRM) on PostgreSQL, as the SQLite store's migration 012 (its
 * supplier part): each request a supplier made, answered at once or routed to the process that
 * answers it, and the interaction reports. The requests' answers and the reports are jsonb.
 */
export const PARTNER_INTERACTIONS = `
CREATE TABLE supplier_requests (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  topic TEXT NOT NULL CHECK (topic IN ('order', 'problem', 'payment', 'other')),
  reference TEXT,
  question TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('answered', 'routed')),
  routed_to TEXT,
  answer JSONB,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX supplier_requests_supplier ON supplier_requests (supplier_id, created_at);

CREATE TABLE supplier_interaction_reports (
  id TEXT PRIMARY KEY,
  supplier_id TEXT,
  report JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
`;
