/**
 * Support Resource Trouble Management (1.O.3.1.3) on PostgreSQL, as the SQLite store's migration
 * 013: maintenance jobs, at most one requested per resource and kind (the database keeps it so
 * when workers ask at once). And the discrepancies reconciliation with discovery finds (migrations
 * 013 and 025 there), which the jobs read — an element discovery no longer sees is not repaired —
 * in the SQLite store's columns, so the reconciliation port finds them as they are.
 */
export const MAINTENANCE_JOBS = `
CREATE TABLE maintenance_jobs (
  id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL REFERENCES resources(id),
  kind TEXT NOT NULL CHECK (kind IN ('preventive', 'repair')),
  reason TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('requested', 'passed', 'repaired', 'failed')),
  result TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  done_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX maintenance_jobs_requested ON maintenance_jobs (resource_id, kind) WHERE state = 'requested';

CREATE TABLE inventory_discrepancies (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  etom_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  resolution TEXT NOT NULL,
  found_at TIMESTAMPTZ NOT NULL,
  settled_by TEXT,
  settled_at TIMESTAMPTZ,
  settlement TEXT,
  UNIQUE (run_id, kind, subject)
);
CREATE INDEX inventory_discrepancies_open ON inventory_discrepancies (kind, subject) WHERE settled_at IS NULL;
`;
