/**
 * Order Handling (1.F.1.5): product orders and their items (TMF622), every state change, the
 * jeopardies raised on them, the product inventory they produce (TMF637), the billing accounts
 * the products are charged to, and the outbox of the events the changes publish (TMF630). The
 * same columns as the SQLite store's; instants the store stamps are timestamptz, dates a
 * customer or an API gave stay text, as received. Customers and product offerings arrive with
 * their own ports' migrations, which add the references to them.
 */
export const PRODUCT_ORDERS = `
CREATE TABLE billing_accounts (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  currency TEXT NOT NULL DEFAULT 'EUR',
  bill_cycle_day INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'active',
  created_at TIMESTAMPTZ NOT NULL,
  balance_minor BIGINT NOT NULL DEFAULT 0,
  billing_address TEXT,
  delivery_channel TEXT NOT NULL DEFAULT 'email'
);
CREATE INDEX billing_accounts_customer ON billing_accounts (customer_id, status, id);

CREATE TABLE product_orders (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  state_reason TEXT,
  contact_id TEXT,
  request_id TEXT,
  requested_completion_date TEXT,
  committed_date TEXT,
  credit_decision JSONB,
  feasibility JSONB,
  billing_account_id TEXT REFERENCES billing_accounts(id),
  quote_id TEXT,
  discount_pct INTEGER NOT NULL DEFAULT 0 CHECK (discount_pct BETWEEN 0 AND 100),
  one_time_minor BIGINT NOT NULL DEFAULT 0,
  recurring_minor BIGINT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  completed_at TIMESTAMPTZ
);
CREATE INDEX product_orders_customer ON product_orders (customer_id, state);
CREATE INDEX product_orders_state ON product_orders (state, created_at);
CREATE INDEX product_orders_created ON product_orders (created_at);

CREATE TABLE product_order_items (
  order_id TEXT NOT NULL REFERENCES product_orders(id),
  -- The item's place in its order: items read back in the order they were given.
  position INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  action TEXT NOT NULL,
  product_offering_id TEXT NOT NULL,
  region TEXT NOT NULL,
  characteristics JSONB NOT NULL,
  state TEXT NOT NULL,
  state_reason TEXT,
  service_order_ids JSONB NOT NULL DEFAULT '[]',
  product_id TEXT,
  PRIMARY KEY (order_id, item_id),
  UNIQUE (order_id, position)
);

CREATE TABLE order_state_history (
  seq BIGSERIAL PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES product_orders(id),
  item_id TEXT,
  from_state TEXT,
  to_state TEXT NOT NULL,
  reason TEXT,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX order_state_history_order ON order_state_history (order_id, seq);

CREATE TABLE order_jeopardies (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES product_orders(id),
  committed_date TEXT NOT NULL,
  detected_at TIMESTAMPTZ NOT NULL,
  open_items JSONB NOT NULL,
  action TEXT NOT NULL
);
CREATE INDEX order_jeopardies_order ON order_jeopardies (order_id, id);

-- Product inventory: what the customer now has, with its charges and the services behind it.
CREATE TABLE products (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  product_offering_id TEXT NOT NULL,
  order_id TEXT NOT NULL REFERENCES product_orders(id),
  item_id TEXT NOT NULL,
  billing_account_id TEXT NOT NULL REFERENCES billing_accounts(id),
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
  recurring_minor BIGINT NOT NULL,
  one_time_minor BIGINT NOT NULL,
  service_ids JSONB NOT NULL,
  region TEXT NOT NULL,
  start_date TIMESTAMPTZ NOT NULL,
  -- One product per order item, whichever worker records it first.
  UNIQUE (order_id, item_id)
);
CREATE INDEX products_customer ON products (customer_id, status);

-- The events the changes published, stored in the change's transaction (appendEvent).
CREATE TABLE event_outbox (
  seq BIGINT PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  api TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  entity_seq INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  event_time TEXT NOT NULL,
  envelope JSONB NOT NULL,
  UNIQUE (entity_type, entity_id, entity_seq)
);
CREATE INDEX event_outbox_api ON event_outbox (api, seq);
`;
