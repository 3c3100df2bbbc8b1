/**
 * Service and resource orders that change a service in place (#12): TMF641 / TMF652 `modify`,
 * and the suspension and resumption of a service (dunning's, 1.B.1.8.5), beside `add` and
 * `delete`. SQLite cannot alter a CHECK: each table is rebuilt with the wider one and its rows
 * copied as they are (the SQLite "12-step" procedure). Tables reference these by id, so the
 * migration runs with foreign keys off and checks them all before it commits (`foreignKeysOff`).
 */
const ACTIONS = `'add', 'modify', 'delete', 'suspend', 'resume'`;

export const sql = `
CREATE TABLE service_orders_030 (
  id TEXT PRIMARY KEY,
  -- The product order is CRM's: referenced by id only, so SM&O can take orders from any source.
  product_order_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  cfs_spec_id TEXT NOT NULL REFERENCES cfs_specs(id),
  region TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN (${ACTIONS})),
  state TEXT NOT NULL CHECK (state IN ('acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'cancelled',
    'completed', 'failed', 'partial', 'assessingCancellation', 'pendingCancellation')),
  reason TEXT,
  service_id TEXT,
  design TEXT,
  -- What 1.F.2.2.3 tracks: the technician's work order and what suppliers are to deliver.
  work_plan TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  completed_at TEXT
);
INSERT INTO service_orders_030 SELECT * FROM service_orders;
DROP TABLE service_orders;
ALTER TABLE service_orders_030 RENAME TO service_orders;
CREATE INDEX service_orders_product_order ON service_orders (product_order_id, item_id);

CREATE TABLE resource_orders_030 (
  id TEXT PRIMARY KEY,
  service_order_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  region TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN (${ACTIONS})),
  state TEXT NOT NULL,
  reason TEXT,
  needs TEXT NOT NULL,
  hold_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO resource_orders_030 SELECT * FROM resource_orders;
DROP TABLE resource_orders;
ALTER TABLE resource_orders_030 RENAME TO resource_orders;
CREATE INDEX resource_orders_service ON resource_orders (service_id);

CREATE TABLE resource_order_items_030 (
  resource_order_id TEXT NOT NULL REFERENCES resource_orders(id),
  resource_id TEXT NOT NULL REFERENCES resources(id),
  resource_spec_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN (${ACTIONS})),
  state TEXT NOT NULL CHECK (state IN ('reserved', 'completed', 'released')),
  configuration TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (resource_order_id, resource_id)
);
INSERT INTO resource_order_items_030 SELECT * FROM resource_order_items;
DROP TABLE resource_order_items;
ALTER TABLE resource_order_items_030 RENAME TO resource_order_items;
`;
