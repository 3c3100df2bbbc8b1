/**
 * Performance and quality across three layers: RM&O Resource Performance Management (1.A.3.4:
 * samples, thresholds, crossings, early warnings, traffic controls, period reports; the
 * simulated elements' injected degradations), SM&O Service Quality Management (1.A.2.4: quality
 * events, KQIs, improvement actions, constraints) and CRM Customer QoS/SLA Management (1.A.1.7:
 * assessments, violations, customer reports).
 */
export const sql = `
-- What each KPI may reach on a kind of element before performance is unacceptable (1.A.3.4.1).
CREATE TABLE performance_thresholds (
  resource_type TEXT NOT NULL,
  kpi TEXT NOT NULL CHECK (kpi IN ('utilisationPct', 'latencyMs', 'packetLossPct', 'errorsPerMin')),
  limit_value REAL NOT NULL CHECK (limit_value > 0),
  PRIMARY KEY (resource_type, kpi)
);
INSERT INTO performance_thresholds (resource_type, kpi, limit_value) VALUES
  ('node', 'utilisationPct', 85), ('node', 'latencyMs', 16), ('node', 'packetLossPct', 1), ('node', 'errorsPerMin', 50),
  ('card', 'utilisationPct', 85), ('card', 'latencyMs', 4), ('card', 'packetLossPct', 1), ('card', 'errorsPerMin', 50),
  ('port', 'utilisationPct', 85), ('port', 'latencyMs', 8), ('port', 'packetLossPct', 1), ('port', 'errorsPerMin', 50),
  ('cpe', 'utilisationPct', 85), ('cpe', 'latencyMs', 16), ('cpe', 'packetLossPct', 1), ('cpe', 'errorsPerMin', 50),
  ('access-circuit', 'utilisationPct', 85), ('access-circuit', 'latencyMs', 24),
  ('access-circuit', 'packetLossPct', 1), ('access-circuit', 'errorsPerMin', 50);

-- Degradations injected into the performance simulator (a test or the demo decides them).
CREATE TABLE performance_degradations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  resource_id TEXT NOT NULL,
  kpi TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('trend', 'step')),
  -- trend: added per hour since from_at; step: the level the KPI sits at from from_at.
  amount REAL NOT NULL,
  from_at TEXT NOT NULL,
  until_at TEXT
);
CREATE INDEX performance_degradations_resource ON performance_degradations (resource_id);

CREATE TABLE performance_samples (
  resource_id TEXT NOT NULL,
  at TEXT NOT NULL,
  utilisation_pct REAL NOT NULL,
  latency_ms REAL NOT NULL,
  packet_loss_pct REAL NOT NULL,
  errors_per_min REAL NOT NULL,
  PRIMARY KEY (resource_id, at)
);

CREATE TABLE performance_crossings (
  id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL,
  kpi TEXT NOT NULL,
  worst_value REAL NOT NULL,
  limit_value REAL NOT NULL,
  first_at TEXT NOT NULL,
  samples INTEGER NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  -- The resource trouble raised for it, or the parent element whose trouble it was folded into.
  trouble_id TEXT,
  correlated_to TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (resource_id, kpi, period_start, period_end)
);

-- Early warnings (1.A.3.4.2): a trend that will cross a threshold before long.
CREATE TABLE performance_warnings (
  id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL,
  kpi TEXT NOT NULL,
  slope_per_hour REAL NOT NULL,
  last_value REAL NOT NULL,
  limit_value REAL NOT NULL,
  predicted_crossing_at TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (resource_id, kpi, period_start, period_end)
);

-- Traffic controls (1.A.3.4.3), held on the simulated element: it sheds load from effective_from.
CREATE TABLE performance_controls (
  id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reroute', 'rateLimit')),
  shed_pct REAL NOT NULL CHECK (shed_pct > 0 AND shed_pct < 100),
  target_resource_id TEXT,
  reason TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  UNIQUE (resource_id, period_start, period_end)
);

CREATE TABLE performance_reports (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  entries TEXT NOT NULL,
  crossings INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  controls INTEGER NOT NULL,
  created_at TEXT NOT NULL
);

-- SM&O (1.A.2.4): what monitoring kept for a run, and what it set aside as not affecting quality.
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
  degrading INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL,
  detail TEXT NOT NULL,
  filtered_reason TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX service_quality_events_run ON service_quality_events (run_id);

CREATE TABLE service_kqis (
  run_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  availability_bp INTEGER NOT NULL,
  outage_minutes INTEGER NOT NULL,
  incidents INTEGER NOT NULL,
  mtbf_minutes INTEGER,
  mttr_minutes INTEGER,
  -- Worst share of the period a resource carrying the service met its thresholds (basis points).
  performance_bp INTEGER NOT NULL,
  degrading INTEGER NOT NULL,
  target_availability_bp INTEGER,
  target_restore_minutes INTEGER,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, service_id)
);

CREATE TABLE service_improvement_actions (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  addressed_to TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
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
  created_at TEXT NOT NULL,
  UNIQUE (run_id, service_id, kind, resource_id)
);

-- CRM (1.A.1.7): one assessment per service and period; a violation and its credit; the report.
CREATE TABLE customer_sla_assessments (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  product_id TEXT,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  objective_bp INTEGER NOT NULL,
  availability_bp INTEGER NOT NULL,
  restore_objective_minutes INTEGER NOT NULL,
  mttr_minutes INTEGER,
  outage_minutes INTEGER NOT NULL,
  incidents INTEGER NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('met', 'violated')),
  breaches TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (service_id, period_start, period_end)
);
CREATE INDEX customer_sla_assessments_customer ON customer_sla_assessments (customer_id, period_start);

CREATE TABLE customer_sla_violations (
  id TEXT PRIMARY KEY,
  assessment_id TEXT NOT NULL UNIQUE REFERENCES customer_sla_assessments(id),
  customer_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  credit_id TEXT,
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency TEXT NOT NULL,
  notification_id TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE customer_qos_reports (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  body TEXT NOT NULL,
  notification_id TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (customer_id, period_start, period_end)
);
`;
