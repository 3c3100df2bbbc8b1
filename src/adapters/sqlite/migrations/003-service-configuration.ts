/**
 * Service Configuration & Activation (1.F.2.2): service orders (TMF641), the service inventory
 * (TMF638) with the identifiers allocated to each service, every state change, the amendments
 * a customer asked for, the work orders dispatched to technicians, and each end-to-end test.
 *
 * Identifiers (telephone numbers, address ranges) are rows of `resources` whose catalog role is
 * 'identifier': SM&O manages those pools (1.F.2.2.2), RM&O everything else.
 */
export const sql = `
CREATE TABLE service_orders (
  id TEXT PRIMARY KEY,
  -- The product order is CRM's: referenced by id only, so SM&O can take orders from any source.
  product_order_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  cfs_spec_id TEXT NOT NULL REFERENCES cfs_specs(id),
  region TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('add', 'delete')),
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
CREATE INDEX service_orders_product_order ON service_orders (product_order_id, item_id);

CREATE TABLE services (
  id TEXT PRIMARY KEY,
  cfs_spec_id TEXT NOT NULL REFERENCES cfs_specs(id),
  customer_id TEXT NOT NULL REFERENCES customers(id),
  region TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('feasibilityChecked', 'designed', 'reserved', 'inactive', 'active', 'terminated')),
  characteristics TEXT NOT NULL,
  service_order_id TEXT NOT NULL REFERENCES service_orders(id),
  design TEXT NOT NULL,
  -- Handed to assurance on activation: the resources behind the service, its SLA/QoS targets.
  assurance TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  activated_at TEXT,
  terminated_at TEXT
);
CREATE INDEX services_customer ON services (customer_id, state);

CREATE TABLE service_parameters (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  service_id TEXT NOT NULL REFERENCES services(id),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  resource_id TEXT NOT NULL REFERENCES resources(id),
  resource_spec_id TEXT NOT NULL,
  allocated_at TEXT NOT NULL,
  released_at TEXT,
  release_reason TEXT
);
CREATE INDEX service_parameters_service ON service_parameters (service_id);
CREATE UNIQUE INDEX service_parameters_held ON service_parameters (resource_id) WHERE released_at IS NULL;

CREATE TABLE service_state_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL CHECK (entity IN ('serviceOrder', 'service')),
  entity_id TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  reason TEXT,
  at TEXT NOT NULL
);
CREATE INDEX service_state_history_entity ON service_state_history (entity, entity_id, seq);

CREATE TABLE service_amendments (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  service_order_id TEXT NOT NULL REFERENCES service_orders(id),
  characteristics TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'refused')),
  reason TEXT,
  at TEXT NOT NULL
);

CREATE TABLE work_orders (
  id TEXT PRIMARY KEY,
  reference TEXT NOT NULL,
  kind TEXT NOT NULL,
  skill TEXT NOT NULL,
  region TEXT NOT NULL,
  technician_id TEXT REFERENCES technicians(id),
  state TEXT NOT NULL CHECK (state IN ('assigned', 'inProgress', 'completed', 'cancelled')),
  notes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  completed_at TEXT
);
CREATE INDEX work_orders_reference ON work_orders (reference);
CREATE INDEX work_orders_technician ON work_orders (technician_id, state);

CREATE TABLE service_tests (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL REFERENCES services(id),
  service_order_id TEXT NOT NULL REFERENCES service_orders(id),
  passed INTEGER NOT NULL,
  measurements TEXT NOT NULL,
  detail TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX service_tests_service ON service_tests (service_id);
`;
