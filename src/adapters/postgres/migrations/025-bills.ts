/**
 * Create & Deliver Bill (1.B.1.8.3) and its pricing (1.B.1.8.2), as the SQLite store's
 * migrations 011 and 029: bill runs (a cycle's, or a final bill's own), one bill per account and
 * run, its numbered lines, and up to when each product's recurring charge is billed. Money in
 * BIGINT minor units; the periods stay text as the caller gave them (a run starts where the last
 * one ended, read back as written); the instants the store stamps are timestamptz.
 */
export const BILLS = `
CREATE TABLE bill_runs (
  id TEXT PRIMARY KEY,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'completed')),
  kind TEXT NOT NULL DEFAULT 'cycle' CHECK (kind IN ('cycle', 'final')),
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX bill_runs_cycle_end ON bill_runs (period_end) WHERE kind = 'cycle';

CREATE TABLE bills (
  id TEXT PRIMARY KEY,
  bill_run_id TEXT NOT NULL REFERENCES bill_runs(id),
  billing_account_id TEXT NOT NULL REFERENCES billing_accounts(id),
  customer_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  currency TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'issued', 'paid', 'overdue', 'cancelled')),
  net_minor BIGINT NOT NULL,
  tax_minor BIGINT NOT NULL,
  total_minor BIGINT NOT NULL,
  paid_minor BIGINT NOT NULL DEFAULT 0,
  issued_at TIMESTAMPTZ,
  due_at TEXT,
  document_path TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  -- One bill per account and run, whichever worker drafts it first.
  UNIQUE (bill_run_id, billing_account_id)
);
CREATE INDEX bills_account ON bills (billing_account_id, state);
CREATE INDEX bills_customer ON bills (customer_id);
CREATE INDEX bills_created ON bills (created_at, id);

CREATE TABLE bill_lines (
  bill_id TEXT NOT NULL REFERENCES bills(id),
  line_no INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('recurring', 'usage', 'discount', 'slaCredit', 'tax')),
  description TEXT NOT NULL,
  reference TEXT,
  quantity INTEGER NOT NULL,
  amount_minor BIGINT NOT NULL,
  PRIMARY KEY (bill_id, line_no)
);

-- Up to when each product's recurring charge is billed: a final bill charges up to the cease,
-- the next cycle does not charge those days again.
CREATE TABLE product_billed_to (
  product_id TEXT PRIMARY KEY REFERENCES products(id),
  billed_to TEXT NOT NULL,
  bill_id TEXT NOT NULL REFERENCES bills(id)
);
`;
