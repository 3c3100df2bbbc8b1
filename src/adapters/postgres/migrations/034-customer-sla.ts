/**
 * Customer QoS/SLA Management (1.A.1.7) on PostgreSQL, as the SQLite store's migrations 009 and
 * 021: one assessment per service and period, one violation per violated assessment, one QoS
 * report per customer and period, one degradation per service problem — each unique key is what
 * makes a second worker's record the first one. Periods as the caller gave them (they are keys).
 */
export const CUSTOMER_SLA = `
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
  breaches JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (service_id, period_start, period_end)
);
CREATE INDEX customer_sla_assessments_customer ON customer_sla_assessments (customer_id, period_start);

CREATE TABLE customer_sla_violations (
  id TEXT PRIMARY KEY,
  assessment_id TEXT NOT NULL UNIQUE REFERENCES customer_sla_assessments(id),
  customer_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  credit_id TEXT,
  amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
  currency TEXT NOT NULL,
  notification_id TEXT,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE customer_qos_reports (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  body JSONB NOT NULL,
  notification_id TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (customer_id, period_start, period_end)
);

CREATE TABLE customer_qos_degradations (
  id TEXT PRIMARY KEY,
  service_problem_id TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  estimated_restoration TIMESTAMPTZ NOT NULL,
  projected_minutes INTEGER NOT NULL,
  allowed_minutes INTEGER,
  soft_threshold_crossed BOOLEAN NOT NULL,
  notification_id TEXT,
  detail TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX customer_qos_degradations_period ON customer_qos_degradations (period_start, period_end);
`;
