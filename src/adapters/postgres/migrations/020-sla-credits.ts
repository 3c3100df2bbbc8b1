/**
 * The credits owed for SLA violations (1.A.1.7.2), applied by billing (1.B.1.8.2), as the SQLite
 * store's migration 006: money in BIGINT minor units, the period as the caller gave it.
 */
export const SLA_CREDITS = `
CREATE TABLE sla_credits (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  product_id TEXT,
  service_id TEXT,
  sla_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  currency TEXT NOT NULL,
  reason TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'cancelled')),
  applied_to_bill_id TEXT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sla_credits_customer ON sla_credits (customer_id, state);
`;
