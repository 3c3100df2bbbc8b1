/**
 * Resource Provisioning's orders (1.F.3.2, TMF652) on PostgreSQL, as the SQLite store's migrations
 * 004 and 030: resource orders with the actions of #12 and their items (the resource each took,
 * and the configuration it was given). `seq` keeps the order they were received in, which a
 * service order's event lists them by.
 */
export const RESOURCE_ORDERS = `
CREATE TABLE resource_orders (
  id TEXT PRIMARY KEY,
  seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
  service_order_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  region TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('add', 'modify', 'delete', 'suspend', 'resume')),
  state TEXT NOT NULL,
  reason TEXT,
  needs JSONB NOT NULL,
  hold_until TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX resource_orders_service ON resource_orders (service_id);
CREATE INDEX resource_orders_service_order ON resource_orders (service_order_id);

CREATE TABLE resource_order_items (
  resource_order_id TEXT NOT NULL REFERENCES resource_orders(id),
  resource_id TEXT NOT NULL REFERENCES resources(id),
  resource_spec_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('add', 'modify', 'delete', 'suspend', 'resume')),
  state TEXT NOT NULL CHECK (state IN ('reserved', 'completed', 'released')),
  configuration JSONB,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (resource_order_id, resource_id)
);
`;
