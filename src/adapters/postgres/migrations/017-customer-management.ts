/**
 * Customer Interaction Management (1.FAB.1.2) on PostgreSQL, as the SQLite store's migrations 001
 * and 026: the requests a contact carries, and each channel's agents (a contact opened beyond
 * them is queued). Customers, credit profiles and contacts are migration 008's.
 */
export const CUSTOMER_MANAGEMENT = `
CREATE TABLE customer_requests (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts(id),
  customer_id TEXT REFERENCES customers(id),
  request_type TEXT NOT NULL,
  payload JSONB NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('received', 'selfServed', 'routed', 'inProgress', 'closed', 'rejected')),
  routed_to TEXT,
  reference TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX customer_requests_contact ON customer_requests (contact_id);

CREATE TABLE contact_capacity (
  channel TEXT PRIMARY KEY,
  agents INTEGER NOT NULL CHECK (agents >= 0),
  set_by TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
ALTER TABLE contacts ADD COLUMN queued BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX contacts_open ON contacts (channel) WHERE closed_at IS NULL;
`;
