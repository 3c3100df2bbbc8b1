/**
 * S/P Requisition Management (1.F.4.2): our partner orders and every event on them, and — for
 * the supplier simulator — what the suppliers received and the reports they will send back.
 */
export const sql = `
CREATE TABLE partner_orders (
  id TEXT PRIMARY KEY,
  service_order_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  region TEXT NOT NULL,
  resource_spec_id TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  state TEXT NOT NULL,
  supplier_id TEXT,
  contract_id TEXT,
  candidates TEXT NOT NULL DEFAULT '[]',
  requisition_id TEXT,
  supplier_reference TEXT,
  expected_delivery TEXT,
  reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE partner_order_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  partner_order_id TEXT NOT NULL REFERENCES partner_orders(id),
  kind TEXT NOT NULL,
  detail TEXT,
  report_key TEXT,
  at TEXT NOT NULL,
  UNIQUE (partner_order_id, report_key)
);

-- The supplier side of the simulator: what each supplier received and what it will report.
CREATE TABLE supplier_requisitions (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL,
  contract_id TEXT NOT NULL,
  supplier_reference TEXT NOT NULL,
  resource_spec_id TEXT NOT NULL,
  region TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  status TEXT NOT NULL,
  delivery_date TEXT,
  delivered TEXT NOT NULL DEFAULT '[]',
  reply_to_workflow_id TEXT NOT NULL,
  remedies INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE supplier_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  requisition_id TEXT NOT NULL REFERENCES supplier_requisitions(id),
  report TEXT NOT NULL,
  due_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX supplier_outbox_due ON supplier_outbox (sent_at, due_at);
`;
