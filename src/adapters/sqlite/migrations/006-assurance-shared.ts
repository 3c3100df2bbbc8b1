/**
 * What assurance leaves for others: service outages certified at closure (1.A.2.3.5) that
 * Service Quality Management (1.A.2.4) measures, and credits owed for SLA violations
 * (1.A.1.7.2) that billing applies (1.B.1.8.2).
 */
export const sql = `
CREATE TABLE sla_credits (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  product_id TEXT,
  service_id TEXT,
  sla_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency TEXT NOT NULL,
  reason TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'cancelled')),
  applied_to_bill_id TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX sla_credits_customer ON sla_credits (customer_id, state);

CREATE TABLE service_outages (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  service_problem_id TEXT,
  cause TEXT NOT NULL,
  started_at TEXT NOT NULL,
  restored_at TEXT NOT NULL,
  CHECK (restored_at >= started_at)
);
CREATE INDEX service_outages_service ON service_outages (service_id, started_at);
`;
