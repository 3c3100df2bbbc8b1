/**
 * SM&O Service Quality Management (1.A.2.4) on PostgreSQL, as the SQLite store's migrations 009
 * and 020: what monitoring kept for a run (or set aside), each service's KQIs per run with the
 * QoS it was designed to, one improvement action per run, service and kind, and the constraints
 * found — the unique keys make a record written twice, by one worker or several, one row.
 */
export const SERVICE_QUALITY = `
CREATE TABLE service_quality_events (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  service_id TEXT,
  customer_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('outage', 'degradation')),
  source_id TEXT NOT NULL,
  -- With a degradation: the element, its share of the period within thresholds, its trend.
  resource_id TEXT,
  performance_bp INTEGER,
  degrading BOOLEAN NOT NULL DEFAULT false,
  started_at TIMESTAMPTZ NOT NULL,
  ended_at TIMESTAMPTZ NOT NULL,
  detail TEXT NOT NULL,
  filtered_reason TEXT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_quality_events_run ON service_quality_events (run_id);

CREATE TABLE service_kqis (
  run_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  period_start TIMESTAMPTZ NOT NULL,
  period_end TIMESTAMPTZ NOT NULL,
  availability_bp INTEGER NOT NULL,
  outage_minutes INTEGER NOT NULL,
  incidents INTEGER NOT NULL,
  mtbf_minutes INTEGER,
  mttr_minutes INTEGER,
  -- Worst share of the period a resource carrying the service met its thresholds (basis points).
  performance_bp INTEGER NOT NULL,
  degrading BOOLEAN NOT NULL,
  target_availability_bp INTEGER,
  target_restore_minutes INTEGER,
  latency_ms DOUBLE PRECISION,
  max_latency_ms DOUBLE PRECISION,
  throughput_pct DOUBLE PRECISION,
  min_throughput_pct DOUBLE PRECISION,
  committed_bandwidth_mbps DOUBLE PRECISION,
  delivered_bandwidth_mbps DOUBLE PRECISION,
  qos_shortfall TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (run_id, service_id)
);

CREATE TABLE service_improvement_actions (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  addressed_to TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (run_id, service_id, kind)
);

CREATE TABLE service_constraints (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('resourceFailure', 'capacityShortage')),
  resource_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (run_id, service_id, kind, resource_id)
);
CREATE INDEX service_constraints_run ON service_constraints (run_id);
`;
