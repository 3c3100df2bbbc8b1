/**
 * Billing across the four layers: usage collection (RM&O 1.AB.3.5), mediation and rating
 * (SM&O 1.B.2.5), billing and collections (CRM 1.B.1.8), supplier settlement (S/PRM 1.B.4.5).
 * Money is integer minor units. Usage records are stored once and referred to by collection
 * (claim-check): workflows carry ids and counts, never the records.
 */
export const sql = `
-- Rating reference data: one tariff per product offering and usage type (tiers as JSON:
-- [{upTo, priceMinor, offPeakPriceMinor}], upTo in cumulative units of the cycle).
CREATE TABLE tariffs (
  id TEXT PRIMARY KEY,
  product_offering_id TEXT NOT NULL,
  usage_type TEXT NOT NULL CHECK (usage_type IN ('voice', 'data')),
  name TEXT NOT NULL,
  unit_size INTEGER NOT NULL CHECK (unit_size > 0),
  unit_label TEXT NOT NULL,
  allowance_units INTEGER NOT NULL DEFAULT 0,
  tiers TEXT NOT NULL,
  peak_start_hour INTEGER,
  peak_end_hour INTEGER,
  currency TEXT NOT NULL DEFAULT 'EUR',
  UNIQUE (product_offering_id, usage_type)
);
INSERT INTO tariffs VALUES
  ('TAR-VOICE-LINE', 'PO-VOICE-LINE', 'voice', 'Telephone line calls: 60 min included, per started minute', 60, 'min', 60,
   '[{"upTo":null,"priceMinor":9,"offPeakPriceMinor":3}]', 8, 20, 'EUR'),
  ('TAR-FIBRE-DATA', 'PO-FIBRE-BIZ', 'data', 'Business fibre traffic: 20 GB included, then tiered per started GB', 1024, 'GB', 20,
   '[{"upTo":50,"priceMinor":25,"offPeakPriceMinor":null},{"upTo":null,"priceMinor":10,"offPeakPriceMinor":null}]', NULL, NULL, 'EUR'),
  ('TAR-VPN-DATA', 'PO-VPN-BIZ', 'data', 'VPN site traffic per started GB', 1024, 'GB', 0,
   '[{"upTo":null,"priceMinor":2,"offPeakPriceMinor":null}]', NULL, NULL, 'EUR');

-- The simulated network elements: what they produced (CDR lines), and how many they numbered.
CREATE TABLE network_usage (
  element_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  line TEXT NOT NULL,
  produced_at TEXT NOT NULL,
  collected INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (element_id, seq)
);
CREATE INDEX network_usage_pending ON network_usage (collected);
CREATE TABLE network_usage_counters (
  element_id TEXT PRIMARY KEY,
  produced INTEGER NOT NULL
);
CREATE TABLE usage_simulation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seed INTEGER NOT NULL,
  voice_per_service INTEGER NOT NULL,
  data_per_service INTEGER NOT NULL,
  duplicates INTEGER NOT NULL DEFAULT 0,
  malformed INTEGER NOT NULL DEFAULT 0,
  lost INTEGER NOT NULL DEFAULT 0
);
INSERT INTO usage_simulation VALUES (1, 42, 40, 30, 0, 0, 0);

CREATE TABLE usage_collections (
  id TEXT PRIMARY KEY,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  collected INTEGER NOT NULL DEFAULT 0,
  processed INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE usage_records (
  id INTEGER PRIMARY KEY,
  collection_id TEXT NOT NULL REFERENCES usage_collections(id),
  element_id TEXT NOT NULL,
  element_seq INTEGER NOT NULL,
  raw TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('received', 'guided', 'rated', 'billed', 'rejected', 'recycled')),
  processed INTEGER NOT NULL DEFAULT 0,
  format_error TEXT,
  usage_type TEXT,
  correlation_id TEXT,
  started_at TEXT,
  quantity INTEGER,
  party TEXT,
  resource_id TEXT,
  service_id TEXT,
  customer_id TEXT,
  product_id TEXT,
  product_offering_id TEXT,
  reject_reason TEXT,
  tariff_id TEXT,
  cycle_id TEXT,
  units INTEGER,
  allowance_units INTEGER,
  charge_minor INTEGER,
  rating TEXT,
  bill_id TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (element_id, element_seq)
);
CREATE INDEX usage_records_collection ON usage_records (collection_id, state);
CREATE INDEX usage_records_customer ON usage_records (customer_id, state);
CREATE INDEX usage_records_correlation ON usage_records (correlation_id);
CREATE INDEX usage_records_state ON usage_records (state);

-- Allowance and tier counters of a service in a bill cycle.
CREATE TABLE usage_counters (
  service_id TEXT NOT NULL,
  usage_type TEXT NOT NULL,
  cycle_id TEXT NOT NULL,
  units_used INTEGER NOT NULL,
  PRIMARY KEY (service_id, usage_type, cycle_id)
);
CREATE TABLE usage_distributions (
  id TEXT PRIMARY KEY,
  collection_id TEXT NOT NULL,
  consumer TEXT NOT NULL,
  record_count INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE usage_audits (
  id TEXT PRIMARY KEY,
  collection_id TEXT NOT NULL,
  produced INTEGER NOT NULL,
  collected INTEGER NOT NULL,
  missing INTEGER NOT NULL,
  duplicates INTEGER NOT NULL,
  findings TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE usage_reports (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  content TEXT NOT NULL,
  anomalies TEXT NOT NULL,
  created_at TEXT NOT NULL
);

ALTER TABLE billing_accounts ADD COLUMN balance_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE billing_accounts ADD COLUMN billing_address TEXT;
ALTER TABLE billing_accounts ADD COLUMN delivery_channel TEXT NOT NULL DEFAULT 'email';

CREATE TABLE bill_runs (
  id TEXT PRIMARY KEY,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'completed')),
  created_at TEXT NOT NULL
);
CREATE TABLE bills (
  id TEXT PRIMARY KEY,
  bill_run_id TEXT NOT NULL REFERENCES bill_runs(id),
  billing_account_id TEXT NOT NULL REFERENCES billing_accounts(id),
  customer_id TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  currency TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'issued', 'paid', 'overdue', 'cancelled')),
  net_minor INTEGER NOT NULL,
  tax_minor INTEGER NOT NULL,
  total_minor INTEGER NOT NULL,
  paid_minor INTEGER NOT NULL DEFAULT 0,
  issued_at TEXT,
  due_at TEXT,
  document_path TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (bill_run_id, billing_account_id)
);
CREATE INDEX bills_account ON bills (billing_account_id, state);
CREATE TABLE bill_lines (
  bill_id TEXT NOT NULL REFERENCES bills(id),
  line_no INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('recurring', 'usage', 'discount', 'slaCredit', 'tax')),
  description TEXT NOT NULL,
  reference TEXT,
  quantity INTEGER NOT NULL,
  amount_minor INTEGER NOT NULL,
  PRIMARY KEY (bill_id, line_no)
);
CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  billing_account_id TEXT NOT NULL REFERENCES billing_accounts(id),
  bill_id TEXT REFERENCES bills(id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  reference TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE TABLE dunning_steps (
  id TEXT PRIMARY KEY,
  bill_id TEXT NOT NULL REFERENCES bills(id),
  step INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('reminder', 'finalNotice', 'suspension', 'restoration')),
  outstanding_minor INTEGER NOT NULL,
  at TEXT NOT NULL
);
-- Products suspended for non-payment (the request to service management), and their restoration.
CREATE TABLE service_suspensions (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  service_ids TEXT NOT NULL,
  bill_id TEXT NOT NULL,
  suspended_at TEXT NOT NULL,
  restored_at TEXT
);
CREATE TABLE billing_inquiries (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  bill_id TEXT NOT NULL REFERENCES bills(id),
  usage_record_id INTEGER,
  claim TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('upheld', 'notUpheld')),
  finding TEXT NOT NULL,
  adjustment_minor INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE billing_adjustments (
  id TEXT PRIMARY KEY,
  inquiry_id TEXT NOT NULL REFERENCES billing_inquiries(id),
  bill_id TEXT NOT NULL REFERENCES bills(id),
  billing_account_id TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- S/PRM: our records of what suppliers provide us, their invoices, disputes and settlements.
CREATE TABLE supplier_usage (
  supplier_id TEXT NOT NULL,
  contract_id TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  period TEXT NOT NULL,
  expected_minor INTEGER NOT NULL,
  revenue_share_pct REAL NOT NULL,
  PRIMARY KEY (resource_id, period)
);
CREATE TABLE supplier_invoices (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  supplier_reference TEXT NOT NULL,
  period TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('received', 'assessed', 'disputed', 'approved', 'paid')),
  total_minor INTEGER NOT NULL,
  expected_minor INTEGER,
  approved_minor INTEGER,
  received_at TEXT NOT NULL,
  UNIQUE (supplier_id, period)
);
CREATE TABLE supplier_invoice_lines (
  invoice_id TEXT NOT NULL REFERENCES supplier_invoices(id),
  line_no INTEGER NOT NULL,
  reference TEXT NOT NULL,
  description TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  expected_minor INTEGER,
  PRIMARY KEY (invoice_id, line_no)
);
CREATE TABLE supplier_disputes (
  id TEXT PRIMARY KEY,
  invoice_id TEXT NOT NULL REFERENCES supplier_invoices(id),
  amount_minor INTEGER NOT NULL,
  reason TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'accepted', 'refused')),
  resolution TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE supplier_settlements (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL,
  invoice_id TEXT REFERENCES supplier_invoices(id),
  period TEXT NOT NULL,
  paid_minor INTEGER NOT NULL,
  revenue_share_minor INTEGER NOT NULL,
  notice TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (supplier_id, period)
);
`;
