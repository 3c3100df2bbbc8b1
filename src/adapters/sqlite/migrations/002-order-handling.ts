/**
 * Order Handling (1.F.1.5): product orders and their items (TMF622), every state change,
 * the jeopardies raised on them, and the product inventory they produce (TMF637) — what
 * billing charges and assurance supports.
 */
export const sql = `
CREATE TABLE product_orders (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  state_reason TEXT,
  contact_id TEXT,
  request_id TEXT,
  requested_completion_date TEXT,
  committed_date TEXT,
  credit_decision TEXT,
  feasibility TEXT,
  billing_account_id TEXT REFERENCES billing_accounts(id),
  one_time_minor INTEGER NOT NULL DEFAULT 0,
  recurring_minor INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  completed_at TEXT
);
CREATE INDEX product_orders_customer ON product_orders (customer_id, state);

CREATE TABLE product_order_items (
  order_id TEXT NOT NULL REFERENCES product_orders(id),
  item_id TEXT NOT NULL,
  action TEXT NOT NULL,
  product_offering_id TEXT NOT NULL REFERENCES product_offerings(id),
  region TEXT NOT NULL,
  characteristics TEXT NOT NULL,
  state TEXT NOT NULL,
  state_reason TEXT,
  service_order_ids TEXT NOT NULL DEFAULT '[]',
  product_id TEXT,
  PRIMARY KEY (order_id, item_id)
);

CREATE TABLE order_state_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL REFERENCES product_orders(id),
  item_id TEXT,
  from_state TEXT,
  to_state TEXT NOT NULL,
  reason TEXT,
  at TEXT NOT NULL
);
CREATE INDEX order_state_history_order ON order_state_history (order_id, seq);

CREATE TABLE order_jeopardies (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES product_orders(id),
  committed_date TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  open_items TEXT NOT NULL,
  action TEXT NOT NULL
);

-- Product inventory: what the customer now has, with its charges and the services behind it.
CREATE TABLE products (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  product_offering_id TEXT NOT NULL REFERENCES product_offerings(id),
  order_id TEXT NOT NULL REFERENCES product_orders(id),
  item_id TEXT NOT NULL,
  billing_account_id TEXT NOT NULL REFERENCES billing_accounts(id),
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
  recurring_minor INTEGER NOT NULL,
  one_time_minor INTEGER NOT NULL,
  service_ids TEXT NOT NULL,
  region TEXT NOT NULL,
  start_date TEXT NOT NULL,
  UNIQUE (order_id, item_id)
);
CREATE INDEX products_customer ON products (customer_id, status);
`;
