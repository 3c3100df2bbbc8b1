/**
 * Manage Customer Billing Inquiries (1.B.1.8.1) and the answers Support Billing & Collections
 * (1.O.1.1.4) publishes, as the SQLite store's migrations 011 and 027: each inquiry with its
 * finding, the adjustment an upheld one made to the account (BIGINT minor units), and one
 * published answer per common question.
 */
export const BILLING_INQUIRIES = `
CREATE TABLE billing_answers (
  question TEXT PRIMARY KEY,
  answer TEXT NOT NULL,
  asked INTEGER NOT NULL,
  published_by TEXT NOT NULL,
  run_id TEXT NOT NULL,
  published_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE billing_inquiries (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  bill_id TEXT NOT NULL REFERENCES bills(id),
  usage_record_id BIGINT,
  claim TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('upheld', 'notUpheld')),
  finding TEXT NOT NULL,
  adjustment_minor BIGINT NOT NULL DEFAULT 0,
  answered_from TEXT REFERENCES billing_answers(question),
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX billing_inquiries_created ON billing_inquiries (created_at);

CREATE TABLE billing_adjustments (
  id TEXT PRIMARY KEY,
  inquiry_id TEXT NOT NULL REFERENCES billing_inquiries(id),
  bill_id TEXT NOT NULL REFERENCES bills(id),
  billing_account_id TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  reason TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
`;
