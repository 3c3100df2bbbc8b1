/**
 * Manage Logistics (1.O.3.1.7): what each warehouse keeps in stock and every movement of goods;
 * and the hand-over of resources (new, repaired, discovered) to Resource Acceptance (1.O.3.1.1),
 * which logistics feeds. The SQLite store's columns; a shipment's resources are a jsonb array.
 * The sample operator's policies are reference data a seed loads, not part of the schema.
 */
export const LOGISTICS = `
CREATE TABLE warehouse_policies (
  warehouse TEXT NOT NULL,
  region TEXT NOT NULL,
  resource_spec_id TEXT NOT NULL REFERENCES resource_specs(id),
  reorder_level INTEGER NOT NULL,
  reorder_quantity INTEGER NOT NULL,
  supplier_id TEXT NOT NULL REFERENCES suppliers(id),
  PRIMARY KEY (warehouse, resource_spec_id)
);

CREATE TABLE shipments (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('replenishment', 'toSite', 'returnForRepair')),
  resource_ids JSONB NOT NULL,
  origin TEXT NOT NULL,
  destination TEXT NOT NULL,
  supplier_id TEXT,
  reference TEXT,
  state TEXT NOT NULL CHECK (state IN ('inTransit', 'delivered', 'returned')),
  created_at TIMESTAMPTZ NOT NULL,
  delivered_at TIMESTAMPTZ
);
CREATE INDEX shipments_kind_state ON shipments (kind, state, id);
CREATE INDEX shipments_resources ON shipments USING gin (resource_ids);

CREATE TABLE resource_acceptance (
  resource_id TEXT PRIMARY KEY REFERENCES resources(id),
  reason TEXT NOT NULL CHECK (reason IN ('new', 'repaired', 'discovered')),
  source TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'failed')),
  detail TEXT,
  handed_over_at TIMESTAMPTZ NOT NULL,
  tested_at TIMESTAMPTZ
);
CREATE INDEX resource_acceptance_pending ON resource_acceptance (state, resource_id);
CREATE INDEX resources_site ON resources (site, spec_id, state);
`;
