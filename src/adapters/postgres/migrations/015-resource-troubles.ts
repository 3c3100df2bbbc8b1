/**
 * RM&O Resource Trouble Management (1.A.3.3.4–6) on PostgreSQL, as the SQLite store's migration
 * 007: trouble reports with their history, the services each touches (and SM&O's problem for
 * each), and the protection switches that took a failed unit out of service.
 */
export const RESOURCE_TROUBLES = `
CREATE TABLE resource_troubles (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL CHECK (origin IN ('alarm', 'serviceProblem', 'performance')),
  resource_id TEXT NOT NULL,
  description TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('acknowledged', 'localized', 'recovering', 'resolved', 'closed', 'cancelled')),
  alarm_count INTEGER NOT NULL DEFAULT 0,
  alarm_ids JSONB NOT NULL DEFAULT '[]',
  service_problem_id TEXT,
  workflow_id TEXT,
  fault_resource_id TEXT,
  diagnosis TEXT,
  recovery TEXT CHECK (recovery IN ('switchedToRedundant', 'repaired', 'replaced', 'none')),
  resolution TEXT,
  prevention TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  closed_at TIMESTAMPTZ
);
CREATE INDEX resource_troubles_resource ON resource_troubles (resource_id, state);

CREATE TABLE resource_trouble_events (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  trouble_id TEXT NOT NULL REFERENCES resource_troubles(id),
  process TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  detail TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX resource_trouble_events_trouble ON resource_trouble_events (trouble_id, seq);

CREATE TABLE resource_trouble_services (
  trouble_id TEXT NOT NULL REFERENCES resource_troubles(id),
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  service_problem_id TEXT,
  service_problem_workflow_id TEXT,
  last_reported_state TEXT,
  PRIMARY KEY (trouble_id, service_id)
);

CREATE TABLE protection_switches (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  trouble_id TEXT NOT NULL REFERENCES resource_troubles(id),
  working_id TEXT NOT NULL,
  protecting_id TEXT NOT NULL,
  restored JSONB NOT NULL,
  at TIMESTAMPTZ NOT NULL
);
`;
