/**
 * Manage Collection (1.B.1.8.5), as the SQLite store's migration 011: payments against bills,
 * dunning steps, and the products suspended for non-payment until the debt is paid. Money in
 * BIGINT minor units.
 */
export const BILLING_COLLECTION = `
CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  billing_account_id TEXT NOT NULL REFERENCES billing_accounts(id),
  bill_id TEXT REFERENCES bills(id),
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  reference TEXT NOT NULL,
  received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX payments_bill ON payments (bill_id);

CREATE TABLE dunning_steps (
  id TEXT PRIMARY KEY,
  bill_id TEXT NOT NULL REFERENCES bills(id),
  step INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('reminder', 'finalNotice', 'suspension', 'restoration')),
  outstanding_minor BIGINT NOT NULL,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX dunning_steps_bill ON dunning_steps (bill_id, step);

-- Products suspended for non-payment (the request to service management), and their restoration.
CREATE TABLE service_suspensions (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  product_id TEXT NOT NULL REFERENCES products(id),
  service_ids JSONB NOT NULL,
  bill_id TEXT NOT NULL REFERENCES bills(id),
  suspended_at TIMESTAMPTZ NOT NULL,
  restored_at TIMESTAMPTZ
);
CREATE INDEX service_suspensions_held ON service_suspensions (bill_id) WHERE restored_at IS NULL;
`;
