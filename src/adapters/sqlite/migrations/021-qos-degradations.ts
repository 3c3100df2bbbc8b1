/**
 * Customer QoS/SLA Management's record of the degradations SM&O reports as they happen
 * (1.A.1.7.2): one per service problem, whether it crossed the soft threshold (a share of the
 * period's downtime allowance), and the notice the customer got. Service Quality Management
 * reads those that crossed it for its period (1.A.2.4.1).
 */
export const sql = `
CREATE TABLE customer_qos_degradations (
  id TEXT PRIMARY KEY,
  service_problem_id TEXT NOT NULL UNIQUE,
  customer_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  started_at TEXT NOT NULL,
  estimated_restoration TEXT NOT NULL,
  projected_minutes INTEGER NOT NULL,
  allowed_minutes INTEGER,
  soft_threshold_crossed INTEGER NOT NULL,
  notification_id TEXT,
  detail TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX customer_qos_degradations_period ON customer_qos_degradations (period_start, period_end);
`;
