/**
 * Manage Workforce (1.O.3.1.6) on PostgreSQL, as the SQLite store's migrations 001, 003 and 008:
 * technicians with their region and skills, and the work orders dispatched to them, with their
 * escalations past the repair target.
 */
export const WORKFORCE = `
CREATE TABLE technicians (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  skills JSONB NOT NULL,
  available BOOLEAN NOT NULL DEFAULT true
);
CREATE INDEX technicians_region ON technicians (region, id);

CREATE TABLE work_orders (
  id TEXT PRIMARY KEY,
  reference TEXT NOT NULL,
  kind TEXT NOT NULL,
  skill TEXT NOT NULL,
  region TEXT NOT NULL,
  technician_id TEXT REFERENCES technicians(id),
  state TEXT NOT NULL CHECK (state IN ('assigned', 'inProgress', 'completed', 'cancelled')),
  notes TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  completed_at TIMESTAMPTZ,
  escalations INTEGER NOT NULL DEFAULT 0,
  escalated_at TIMESTAMPTZ
);
CREATE INDEX work_orders_reference ON work_orders (reference);
CREATE INDEX work_orders_technician ON work_orders (technician_id, state);
`;
