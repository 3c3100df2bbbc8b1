/**
 * The enterprise store of the sample operator: customers and their credit data, the product
 * catalog (offer → customer-facing service → resource specification), the resource inventory,
 * the workforce, the suppliers and their contracts, and the Customer Interface Management
 * records. Money is always in integer minor units (cents).
 */
export const sql = `
CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  segment TEXT NOT NULL CHECK (segment IN ('residential', 'business', 'wholesale')),
  region TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('prospect', 'active', 'suspended', 'terminated')),
  created_at TEXT NOT NULL
);

CREATE TABLE credit_profiles (
  customer_id TEXT PRIMARY KEY REFERENCES customers(id),
  credit_score INTEGER NOT NULL CHECK (credit_score BETWEEN 0 AND 1000),
  credit_limit_minor INTEGER NOT NULL CHECK (credit_limit_minor >= 0),
  outstanding_minor INTEGER NOT NULL DEFAULT 0,
  days_past_due INTEGER NOT NULL DEFAULT 0,
  fraud_flag INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);

CREATE TABLE billing_accounts (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  currency TEXT NOT NULL DEFAULT 'EUR',
  bill_cycle_day INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'active',
  created_at TEXT NOT NULL
);

CREATE TABLE product_offerings (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  recurring_minor INTEGER NOT NULL,
  one_time_minor INTEGER NOT NULL,
  lead_time_days INTEGER NOT NULL,
  segment TEXT NOT NULL
);

CREATE TABLE cfs_specs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  service_type TEXT NOT NULL,
  needs_onsite_work INTEGER NOT NULL DEFAULT 0,
  technician_skill TEXT,
  parameters TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE offering_services (
  offering_id TEXT NOT NULL REFERENCES product_offerings(id),
  cfs_spec_id TEXT NOT NULL REFERENCES cfs_specs(id),
  PRIMARY KEY (offering_id, cfs_spec_id)
);

CREATE TABLE resource_specs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  resource_type TEXT NOT NULL CHECK (resource_type IN
    ('node', 'card', 'port', 'vlan', 'ip-range', 'telephone-number', 'cpe', 'access-circuit', 'link'))
);

CREATE TABLE cfs_resource_specs (
  cfs_spec_id TEXT NOT NULL REFERENCES cfs_specs(id),
  resource_spec_id TEXT NOT NULL REFERENCES resource_specs(id),
  quantity INTEGER NOT NULL DEFAULT 1,
  -- 'identifier': a service identifier (number, address range) that Service Configuration &
  -- Activation allocates from its pools (1.F.2.2.2); 'resource': provisioned by RM&O (1.F.3.2).
  role TEXT NOT NULL DEFAULT 'resource' CHECK (role IN ('resource', 'identifier')),
  PRIMARY KEY (cfs_spec_id, resource_spec_id)
);

CREATE TABLE resources (
  id TEXT PRIMARY KEY,
  spec_id TEXT NOT NULL REFERENCES resource_specs(id),
  resource_type TEXT NOT NULL,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  site TEXT,
  parent_id TEXT REFERENCES resources(id),
  redundant_with TEXT REFERENCES resources(id),
  attributes TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'available'
    CHECK (state IN ('available', 'reserved', 'outOfService', 'inService', 'retired')),
  reservation_id TEXT,
  hold_until TEXT,
  service_id TEXT,
  customer_id TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX resources_pick ON resources (spec_id, region, state);
CREATE INDEX resources_reservation ON resources (reservation_id);
CREATE INDEX resources_parent ON resources (parent_id);
CREATE INDEX resources_customer ON resources (customer_id);

CREATE TABLE technicians (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  skills TEXT NOT NULL,
  available INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE suppliers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  rating INTEGER NOT NULL DEFAULT 3 CHECK (rating BETWEEN 1 AND 5)
);

CREATE TABLE supplier_contracts (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  resource_spec_id TEXT NOT NULL REFERENCES resource_specs(id),
  region TEXT NOT NULL,
  price_minor INTEGER NOT NULL,
  lead_time_days INTEGER NOT NULL,
  availability_sla_pct REAL NOT NULL,
  valid_until TEXT NOT NULL,
  revenue_share_pct REAL NOT NULL DEFAULT 0
);

-- Customer Interface Management (1.FAB.1.2): every contact and every request, traceable.
CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  customer_id TEXT REFERENCES customers(id),
  channel TEXT NOT NULL,
  reason TEXT NOT NULL,
  summary TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  closed_at TEXT,
  duration_seconds INTEGER
);

CREATE TABLE customer_requests (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts(id),
  customer_id TEXT REFERENCES customers(id),
  request_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('received', 'selfServed', 'routed', 'inProgress', 'closed', 'rejected')),
  routed_to TEXT,
  reference TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Every notification the operator sends (to a customer, a supplier or another process).
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  recipient TEXT NOT NULL,
  channel TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  reference TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX notifications_reference ON notifications (reference);

-- Human-readable identifiers (CT-000042), one counter per prefix.
CREATE TABLE sequences (
  prefix TEXT PRIMARY KEY,
  next_value INTEGER NOT NULL
);

-- The result of each adapter call that changed state, keyed by its idempotency key.
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  operation TEXT NOT NULL,
  result TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;
