/**
 * Resource Performance Management (1.A.3.4) on PostgreSQL, as in the SQLite store's migration 009:
 * the thresholds each kind of element is held to (the same defaults, since no port writes them),
 * the samples collected (one per element and time), the crossings and early warnings found (one
 * per element, KPI and period), the traffic controls put on (one per element and period) and the
 * reports. The unique keys make a second worker recording the same finding a no-op. A period
 * is kept as the text the caller named it by, as the SQLite store does: it is the findings' key,
 * and the report matches the controls to its period by that text (an instant column would give
 * '…07:00:00Z' back as '…07:00:00.000Z'). The simulator's injected degradations are not
 * here: on PostgreSQL the collector is the deployment's PM system, given to the adapter.
 */
export const RESOURCE_PERFORMANCE = `
CREATE TABLE performance_thresholds (
  resource_type TEXT NOT NULL,
  kpi TEXT NOT NULL CHECK (kpi IN ('utilisationPct', 'latencyMs', 'packetLossPct', 'errorsPerMin')),
  limit_value DOUBLE PRECISION NOT NULL CHECK (limit_value > 0),
  PRIMARY KEY (resource_type, kpi)
);
INSERT INTO performance_thresholds (resource_type, kpi, limit_value) VALUES
  ('node', 'utilisationPct', 85), ('node', 'latencyMs', 16), ('node', 'packetLossPct', 1), ('node', 'errorsPerMin', 50),
  ('card', 'utilisationPct', 85), ('card', 'latencyMs', 4), ('card', 'packetLossPct', 1), ('card', 'errorsPerMin', 50),
  ('port', 'utilisationPct', 85), ('port', 'latencyMs', 8), ('port', 'packetLossPct', 1), ('port', 'errorsPerMin', 50),
  ('cpe', 'utilisationPct', 85), ('cpe', 'latencyMs', 16), ('cpe', 'packetLossPct', 1), ('cpe', 'errorsPerMin', 50),
  ('access-circuit', 'utilisationPct', 85), ('access-circuit', 'latencyMs', 24),
  ('access-circuit', 'packetLossPct', 1), ('access-circuit', 'errorsPerMin', 50);

CREATE TABLE performance_samples (
  resource_id TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  utilisation_pct DOUBLE PRECISION NOT NULL,
  latency_ms DOUBLE PRECISION NOT NULL,
  packet_loss_pct DOUBLE PRECISION NOT NULL,
  errors_per_min DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (resource_id, at)
);

CREATE TABLE performance_crossings (
  id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL,
  kpi TEXT NOT NULL,
  worst_value DOUBLE PRECISION NOT NULL,
  limit_value DOUBLE PRECISION NOT NULL,
  first_at TIMESTAMPTZ NOT NULL,
  samples INTEGER NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  trouble_id TEXT,
  correlated_to TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (resource_id, kpi, period_start, period_end)
);
CREATE INDEX performance_crossings_period ON performance_crossings (period_start, period_end);

CREATE TABLE performance_warnings (
  id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL,
  kpi TEXT NOT NULL,
  slope_per_hour DOUBLE PRECISION NOT NULL,
  last_value DOUBLE PRECISION NOT NULL,
  limit_value DOUBLE PRECISION NOT NULL,
  predicted_crossing_at TIMESTAMPTZ NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (resource_id, kpi, period_start, period_end)
);
CREATE INDEX performance_warnings_period ON performance_warnings (period_start, period_end);

CREATE TABLE performance_controls (
  id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reroute', 'rateLimit')),
  shed_pct DOUBLE PRECISION NOT NULL CHECK (shed_pct > 0 AND shed_pct < 100),
  target_resource_id TEXT,
  reason TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  effective_from TIMESTAMPTZ NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL,
  UNIQUE (resource_id, period_start, period_end)
);

CREATE TABLE performance_reports (
  id TEXT PRIMARY KEY,
  scope JSONB NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  entries JSONB NOT NULL,
  crossings INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  controls INTEGER NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
`;
