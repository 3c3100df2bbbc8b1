/**
 * S/P Settlements & Billing Management (1.B.4.5) on PostgreSQL, as the SQLite store's migration
 * 011 (its S/PRM part): our records of what each supplier provides per period (one per resource and
 * period), the suppliers' invoices (one per supplier and period) with their lines assessed against
 * those records, the disputes raised on them, and one settlement per supplier and period. Money in
 * integer minor units (BIGINT); the unique keys make a second worker's same write a no-op or a
 * refusal, never a second row. A period is kept as the text the caller named it by: it is the key.
 */
export const SETTLEMENTS = `
CREATE TABLE supplier_usage (
  supplier_id TEXT NOT NULL,
  contract_id TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  period TEXT NOT NULL,
  expected_minor BIGINT NOT NULL,
  revenue_share_pct NUMERIC NOT NULL,
  PRIMARY KEY (resource_id, period)
);
CREATE INDEX supplier_usage_period ON supplier_usage (period, supplier_id);

CREATE TABLE supplier_invoices (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  supplier_reference TEXT NOT NULL,
  period TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('received', 'assessed', 'disputed', 'approved', 'paid')),
  total_minor BIGINT NOT NULL,
  expected_minor BIGINT,
  approved_minor BIGINT,
  received_at TIMESTAMPTZ NOT NULL,
  UNIQUE (supplier_id, period)
);
CREATE INDEX supplier_invoices_reference ON supplier_invoices (supplier_id, supplier_reference);

CREATE TABLE supplier_invoice_lines (
  invoice_id TEXT NOT NULL REFERENCES supplier_invoices(id),
  line_no INTEGER NOT NULL,
  reference TEXT NOT NULL,
  description TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  expected_minor BIGINT,
  PRIMARY KEY (invoice_id, line_no)
);

CREATE TABLE supplier_disputes (
  id TEXT PRIMARY KEY,
  invoice_id TEXT NOT NULL REFERENCES supplier_invoices(id),
  amount_minor BIGINT NOT NULL,
  reason TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'accepted', 'refused')),
  resolution TEXT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX supplier_disputes_invoice ON supplier_disputes (invoice_id, state);

CREATE TABLE supplier_settlements (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL,
  invoice_id TEXT REFERENCES supplier_invoices(id),
  period TEXT NOT NULL,
  paid_minor BIGINT NOT NULL,
  revenue_share_minor BIGINT NOT NULL,
  notice TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (supplier_id, period)
);
`;
