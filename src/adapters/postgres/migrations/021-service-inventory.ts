/**
 * Manage Service Inventory and Service Configuration & Activation (1.F.2.1, 1.F.2.2) on
 * PostgreSQL, as the SQLite store's migrations 003 and 030: service orders (TMF641) with the
 * actions of #12, services (TMF638), the identifiers each holds (one holder per identifier, by a
 * partial unique index), every state move, the amendments and the end-to-end tests. Designs, work
 * plans and characteristics are jsonb; instants timestamptz.
 */
export const SERVICE_INVENTORY = `
CREATE TABLE service_orders (
  id TEXT PRIMARY KEY,
  -- The product order is CRM's: referenced by id only, so SM&O can take orders from any source.
  product_order_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  cfs_spec_id TEXT NOT NULL REFERENCES cfs_specs(id),
  region TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('add', 'modify', 'delete', 'suspend', 'resume')),
  state TEXT NOT NULL CHECK (state IN ('acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'cancelled',
    'completed', 'failed', 'partial', 'assessingCancellation', 'pendingCancellation')),
  reason TEXT,
  service_id TEXT,
  design JSONB,
  work_plan JSONB,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  completed_at TIMESTAMPTZ
);
CREATE INDEX service_orders_product_order ON service_orders (product_order_id, item_id);
CREATE INDEX service_orders_customer ON service_orders (customer_id, created_at);

CREATE TABLE services (
  id TEXT PRIMARY KEY,
  cfs_spec_id TEXT NOT NULL REFERENCES cfs_specs(id),
  customer_id TEXT NOT NULL REFERENCES customers(id),
  region TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('feasibilityChecked', 'designed', 'reserved', 'inactive', 'active', 'terminated')),
  characteristics JSONB NOT NULL,
  service_order_id TEXT NOT NULL REFERENCES service_orders(id),
  design JSONB NOT NULL,
  -- Handed to assurance on activation: the resources behind the service, its SLA/QoS targets.
  assurance JSONB,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  activated_at TIMESTAMPTZ,
  terminated_at TIMESTAMPTZ
);
CREATE INDEX services_customer ON services (customer_id, state);

CREATE TABLE service_parameters (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  service_id TEXT NOT NULL REFERENCES services(id),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  resource_id TEXT NOT NULL REFERENCES resources(id),
  resource_spec_id TEXT NOT NULL,
  allocated_at TIMESTAMPTZ NOT NULL,
  released_at TIMESTAMPTZ,
  release_reason TEXT
);
CREATE INDEX service_parameters_service ON service_parameters (service_id);
-- An identifier is held by one service at a time, whichever worker took it.
CREATE UNIQUE INDEX service_parameters_held ON service_parameters (resource_id) WHERE released_at IS NULL;

CREATE TABLE service_state_history (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('serviceOrder', 'service')),
  entity_id TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  reason TEXT,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_state_history_entity ON service_state_history (entity, entity_id, seq);

CREATE TABLE service_amendments (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  service_order_id TEXT NOT NULL REFERENCES service_orders(id),
  characteristics JSONB NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'refused')),
  reason TEXT,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_amendments_order ON service_amendments (service_order_id, seq);

CREATE TABLE service_tests (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL REFERENCES services(id),
  service_order_id TEXT NOT NULL REFERENCES service_orders(id),
  passed BOOLEAN NOT NULL,
  measurements JSONB NOT NULL,
  detail TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_tests_service ON service_tests (service_id);
`;
