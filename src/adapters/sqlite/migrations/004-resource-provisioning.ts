/**
 * Resource Provisioning (1.F.3.2): resource orders (TMF652) and their items, every resource
 * state change (what audits and assurance read), and the simulated network's element
 * configuration and the faults a test or demo injects into it.
 */
export const sql = `
CREATE TABLE resource_orders (
  id TEXT PRIMARY KEY,
  service_order_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  region TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('add', 'delete')),
  state TEXT NOT NULL,
  reason TEXT,
  needs TEXT NOT NULL,
  hold_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The order's items: which resource it took for which need, and, once the order completed,
-- the element configuration that resource was given (what 1.F.3.2.4 reports to others).
CREATE TABLE resource_order_items (
  resource_order_id TEXT NOT NULL REFERENCES resource_orders(id),
  resource_id TEXT NOT NULL REFERENCES resources(id),
  resource_spec_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('add', 'delete')),
  state TEXT NOT NULL CHECK (state IN ('reserved', 'completed', 'released')),
  configuration TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (resource_order_id, resource_id)
);
CREATE INDEX resource_orders_service ON resource_orders (service_id);

CREATE TABLE resource_state_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  resource_id TEXT NOT NULL REFERENCES resources(id),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  reservation_id TEXT,
  service_id TEXT,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX resource_state_history_resource ON resource_state_history (resource_id, seq);

CREATE TABLE network_configuration (
  resource_id TEXT PRIMARY KEY REFERENCES resources(id),
  service_id TEXT NOT NULL,
  config TEXT NOT NULL,
  admin_state TEXT NOT NULL CHECK (admin_state IN ('up', 'down')),
  updated_at TEXT NOT NULL
);
CREATE INDEX network_configuration_service ON network_configuration (service_id);

CREATE TABLE simulator_faults (
  target TEXT NOT NULL,
  operation TEXT NOT NULL,
  remaining INTEGER NOT NULL,
  PRIMARY KEY (target, operation)
);
`;
