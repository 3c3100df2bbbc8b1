/**
 * SM&O Service Problem Management (1.A.2.3) on PostgreSQL: TMF656 service problems with their
 * history, in the SQLite store's columns (its migration 008); impact, root cause and plan as jsonb,
 * the root cause's element kept apart to correlate problems of common cause.
 */
export const SERVICE_PROBLEMS = `
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
  impact JSONB,
  estimated_restoration TEXT,
  root_cause JSONB,
  root_resource_id TEXT,
  correlated_with TEXT REFERENCES service_problems(id),
  plan JSONB,
  resolution TEXT,
  workflow_id TEXT,
  started_at TIMESTAMPTZ NOT NULL,
  restored_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  closed_at TIMESTAMPTZ
);
CREATE INDEX service_problems_service ON service_problems (service_id, state);
CREATE INDEX service_problems_root ON service_problems (root_resource_id, state);

CREATE TABLE service_problem_history (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  service_problem_id TEXT NOT NULL REFERENCES service_problems(id),
  from_state TEXT,
  to_state TEXT NOT NULL,
  process TEXT,
  detail TEXT,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_problem_history_problem ON service_problem_history (service_problem_id, seq);
`;
