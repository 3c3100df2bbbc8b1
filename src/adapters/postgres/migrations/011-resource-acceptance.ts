/**
 * Resource Acceptance (1.O.3.1.1) tests what logistics and provisioning hand over (migration 009's
 * resource_acceptance) and, on a pass, may end a capacity shortfall: the shortfalls Manage
 * Resource Inventory detects, with the resources added for each, one open per class and region,
 * in the SQLite store's columns.
 */
export const RESOURCE_ACCEPTANCE = `
CREATE TABLE capacity_shortfalls (
  id TEXT PRIMARY KEY,
  resource_spec_id TEXT NOT NULL,
  region TEXT NOT NULL,
  available INTEGER NOT NULL,
  total INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('short', 'capacityOrdered', 'resolved')),
  added_resource_ids JSONB NOT NULL DEFAULT '[]',
  detected_at TIMESTAMPTZ NOT NULL,
  resolved_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX capacity_shortfalls_open ON capacity_shortfalls (resource_spec_id, region) WHERE state <> 'resolved';
CREATE INDEX capacity_shortfalls_added ON capacity_shortfalls USING gin (added_resource_ids);
`;
