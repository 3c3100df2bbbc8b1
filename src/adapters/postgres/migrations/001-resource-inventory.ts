/**
 * The resource inventory (TMF639) and the two tables every adapter shares: the same columns
 * as the SQLite store's, with PostgreSQL's types (instants as timestamptz, attributes as jsonb).
 */
export const RESOURCE_INVENTORY = `
CREATE TABLE sequences (
  prefix TEXT PRIMARY KEY,
  next_value BIGINT NOT NULL
);

-- The result of each adapter call that changed state, keyed by its idempotency key.
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  operation TEXT NOT NULL,
  result JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE resource_specs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  resource_type TEXT NOT NULL CHECK (resource_type IN
    ('node', 'card', 'port', 'vlan', 'ip-range', 'telephone-number', 'cpe', 'access-circuit', 'link'))
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
  attributes JSONB NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'available'
    CHECK (state IN ('available', 'reserved', 'outOfService', 'inService', 'retired')),
  reservation_id TEXT,
  hold_until TIMESTAMPTZ,
  service_id TEXT,
  customer_id TEXT,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX resources_pick ON resources (spec_id, region, state, id);
CREATE INDEX resources_reservation ON resources (reservation_id);
CREATE INDEX resources_parent ON resources (parent_id);
CREATE INDEX resources_customer ON resources (customer_id);
CREATE INDEX resources_service ON resources (service_id);

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
  price_minor BIGINT NOT NULL,
  lead_time_days INTEGER NOT NULL,
  availability_sla_pct NUMERIC NOT NULL,
  valid_until DATE NOT NULL,
  revenue_share_pct NUMERIC NOT NULL DEFAULT 0
);

CREATE TABLE resource_state_history (
  seq BIGSERIAL PRIMARY KEY,
  resource_id TEXT NOT NULL REFERENCES resources(id),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  reservation_id TEXT,
  service_id TEXT,
  reason TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL
);
CREATE INDEX resource_state_history_resource ON resource_state_history (resource_id, seq);
`;
