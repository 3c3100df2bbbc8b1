/**
 * The product and service catalogs (TMF620 / TMF633): offerings, the customer-facing services
 * each decomposes into, and the resource specifications (migration 001) each service needs.
 * Read-only for the operations processes; the sample operator's are loaded by seedPostgresCatalog.
 * Ordered items and products now refer to the offerings they are of.
 */
export const CATALOG = `
CREATE TABLE product_offerings (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  recurring_minor BIGINT NOT NULL,
  one_time_minor BIGINT NOT NULL,
  lead_time_days INTEGER NOT NULL,
  segment TEXT NOT NULL
);

CREATE TABLE cfs_specs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  service_type TEXT NOT NULL,
  needs_onsite_work BOOLEAN NOT NULL DEFAULT false,
  technician_skill TEXT,
  parameters JSONB NOT NULL DEFAULT '[]'
);

CREATE TABLE offering_services (
  offering_id TEXT NOT NULL REFERENCES product_offerings(id),
  cfs_spec_id TEXT NOT NULL REFERENCES cfs_specs(id),
  PRIMARY KEY (offering_id, cfs_spec_id)
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

ALTER TABLE product_order_items ADD FOREIGN KEY (product_offering_id) REFERENCES product_offerings(id);
ALTER TABLE products ADD FOREIGN KEY (product_offering_id) REFERENCES product_offerings(id);
`;
