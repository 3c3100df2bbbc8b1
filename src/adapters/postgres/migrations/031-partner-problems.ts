/**
 * S/P Problem Reporting & Management (1.A.4.3) and S/P Performance Management (1.A.4.4) on
 * PostgreSQL, as the SQLite store's migration 010: the problems S/PRM reported to suppliers with
 * every event on them (one per key), and each supplier's performance per period, one row per
 * supplier and period (the period as the caller gave it: it is the row's key). The supplier
 * simulator's table stays with the simulator.
 */
export const PARTNER_PROBLEMS = `
CREATE TABLE partner_problems (
  id TEXT PRIMARY KEY,
  service_problem_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  requisition_id TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  description TEXT NOT NULL,
  state TEXT NOT NULL
    CHECK (state IN ('reported', 'acknowledged', 'inProgress', 'resolved', 'closed', 'escalated', 'cancelled')),
  supplier_reference TEXT,
  escalated BOOLEAN NOT NULL DEFAULT false,
  reopened INTEGER NOT NULL DEFAULT 0,
  resolution TEXT,
  reported_at TIMESTAMPTZ NOT NULL,
  acknowledged_at TIMESTAMPTZ,
  escalated_at TIMESTAMPTZ,
  resolved_at TIMESTAMPTZ,
  closed_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX partner_problems_supplier ON partner_problems (supplier_id, reported_at);

CREATE TABLE partner_problem_events (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partner_problem_id TEXT NOT NULL REFERENCES partner_problems(id),
  kind TEXT NOT NULL,
  detail TEXT,
  event_key TEXT,
  at TIMESTAMPTZ NOT NULL,
  UNIQUE (partner_problem_id, event_key)
);

CREATE TABLE supplier_performance (
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  supplied_resources INTEGER NOT NULL,
  problems INTEGER NOT NULL,
  resolved INTEGER NOT NULL,
  escalations INTEGER NOT NULL,
  downtime_minutes INTEGER NOT NULL,
  mean_time_to_acknowledge_minutes INTEGER,
  mean_time_to_resolve_minutes INTEGER,
  availability_bp INTEGER NOT NULL CHECK (availability_bp BETWEEN 0 AND 10000),
  sla_bp INTEGER NOT NULL,
  sla_met BOOLEAN NOT NULL,
  restoration_reference TEXT,
  restoration_detail TEXT,
  restoration_requested_at TIMESTAMPTZ,
  rating_before INTEGER,
  rating_after INTEGER,
  scored_at TIMESTAMPTZ,
  measured_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (supplier_id, period_start, period_end)
);
`;
