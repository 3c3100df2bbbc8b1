/**
 * Operations Support & Readiness (1.O.*.1), all four layers: the objectives trend figures are
 * held against, the reports each readiness run stores, the readiness actions raised when a
 * figure crosses its objective, the number blocks added to the pools, inventory
 * reconciliation (discrepancies found against discovery, resource classes short of capacity,
 * resources waiting for acceptance), maintenance jobs, resource class measurements, rating
 * reference-data versions, planned campaigns, and Manage Logistics (1.O.3.1.7): warehouse
 * policies and shipments. Discovery overrides let a test or demo make the simulated network
 * disagree with the inventory.
 */
export const sql = `
CREATE TABLE readiness_objectives (
  metric TEXT PRIMARY KEY,
  limit_value REAL NOT NULL,
  -- 'max': the figure must stay at or below the limit; 'min': at or above it.
  direction TEXT NOT NULL CHECK (direction IN ('max', 'min')),
  description TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO readiness_objectives (metric, limit_value, direction, description, updated_at) VALUES
  ('contacts.meanDurationSeconds', 900, 'max', 'mean duration of a customer contact on a channel', '2026-01-01T00:00:00.000Z'),
  ('contacts.openShare', 0.3, 'max', 'share of contacts still open', '2026-01-01T00:00:00.000Z'),
  ('orders.meanCycleHours', 240, 'max', 'mean time from order to completion', '2026-01-01T00:00:00.000Z'),
  ('orders.cancellationRate', 0.2, 'max', 'share of orders cancelled or failed', '2026-01-01T00:00:00.000Z'),
  ('numbers.freeMin', 10, 'min', 'free telephone numbers per region', '2026-01-01T00:00:00.000Z'),
  ('problems.perRegion', 5, 'max', 'trouble tickets per region in the window', '2026-01-01T00:00:00.000Z'),
  ('problems.meanHoursToResolve', 24, 'max', 'mean hours to resolve a trouble ticket', '2026-01-01T00:00:00.000Z'),
  ('billing.inquiryRate', 0.1, 'max', 'billing inquiries and complaints per billing account', '2026-01-01T00:00:00.000Z'),
  ('retention.churnRate', 0.05, 'max', 'customers lost over customers served', '2026-01-01T00:00:00.000Z'),
  ('marketing.failureRate', 0.25, 'max', 'share of an offering''s orders that failed or were cancelled', '2026-01-01T00:00:00.000Z'),
  ('sales.successRate', 0.5, 'min', 'share of a channel''s orders completed', '2026-01-01T00:00:00.000Z'),
  ('qos.availability', 0.999, 'min', 'availability delivered to a customer', '2026-01-01T00:00:00.000Z'),
  ('qos.slaCredits', 0, 'max', 'SLA credits owed to a customer', '2026-01-01T00:00:00.000Z'),
  ('campaigns.conversionRate', 0.05, 'min', 'leads converted per lead', '2026-01-01T00:00:00.000Z'),
  ('identifiers.freeMin', 4, 'min', 'free identifiers (address ranges) per region', '2026-01-01T00:00:00.000Z'),
  ('services.capacityMin', 1, 'min', 'services of a class that could still be configured in a region', '2026-01-01T00:00:00.000Z'),
  ('services.chronicProblems', 2, 'max', 'service problems on one service in the window', '2026-01-01T00:00:00.000Z'),
  ('services.availability', 0.999, 'min', 'availability of a service class', '2026-01-01T00:00:00.000Z'),
  ('resources.availableRatio', 0.2, 'min', 'available share of a resource class in a region', '2026-01-01T00:00:00.000Z'),
  ('resources.testFailureRate', 0.1, 'max', 'failed tests over tests of a resource class', '2026-01-01T00:00:00.000Z'),
  ('resources.utilisation', 0.8, 'max', 'in-service share of a resource class in a region', '2026-01-01T00:00:00.000Z'),
  ('resources.troubles', 2, 'max', 'resource troubles on one resource in the window', '2026-01-01T00:00:00.000Z'),
  ('stock.cpeMin', 3, 'min', 'routers in stock per warehouse', '2026-01-01T00:00:00.000Z'),
  ('suppliers.meanResponseHours', 48, 'max', 'mean hours before a supplier answers a requisition', '2026-01-01T00:00:00.000Z'),
  ('suppliers.lateOrders', 0, 'max', 'partner orders past their expected delivery', '2026-01-01T00:00:00.000Z'),
  ('suppliers.problems', 3, 'max', 'problems reported to one supplier in the window', '2026-01-01T00:00:00.000Z'),
  ('suppliers.slaBreaches', 0, 'max', 'periods a supplier missed its SLA', '2026-01-01T00:00:00.000Z'),
  ('suppliers.contractDaysLeft', 90, 'min', 'days before a supplier contract ends', '2026-01-01T00:00:00.000Z'),
  ('suppliers.disputes', 0, 'max', 'settlement disputes with a supplier', '2026-01-01T00:00:00.000Z'),
  ('suppliers.unansweredContacts', 2, 'max', 'supplier contacts unanswered', '2026-01-01T00:00:00.000Z');

-- One stored report per Level-3 process per readiness run (run_id: the workflow id).
CREATE TABLE readiness_reports (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  layer TEXT NOT NULL,
  etom_id TEXT NOT NULL,
  figures TEXT NOT NULL,
  findings TEXT NOT NULL,
  details TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (run_id, etom_id)
);

-- A figure crossed its objective: what must be done, by whom; one open action per subject.
CREATE TABLE readiness_actions (
  id TEXT PRIMARY KEY,
  etom_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  metric TEXT NOT NULL,
  subject TEXT NOT NULL,
  value REAL NOT NULL,
  limit_value REAL NOT NULL,
  action TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  notification_id TEXT,
  created_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE UNIQUE INDEX readiness_actions_open ON readiness_actions (etom_id, metric, subject) WHERE state = 'open';

-- Number blocks added to the pools order handling allocates from (1.O.1.1.2).
CREATE TABLE number_blocks (
  id TEXT PRIMARY KEY,
  resource_spec_id TEXT NOT NULL REFERENCES resource_specs(id),
  region TEXT NOT NULL,
  first_value TEXT NOT NULL,
  last_value TEXT NOT NULL,
  size INTEGER NOT NULL,
  reason TEXT NOT NULL,
  added_at TEXT NOT NULL
);

-- What reconciliation with discovery found (1.O.2.1.1 services, 1.O.3.1.5 resources).
CREATE TABLE inventory_discrepancies (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  etom_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  resolution TEXT NOT NULL,
  found_at TEXT NOT NULL,
  UNIQUE (run_id, kind, subject)
);

-- A resource class marked short of capacity in a region, and the capacity ordered for it.
CREATE TABLE capacity_shortfalls (
  id TEXT PRIMARY KEY,
  resource_spec_id TEXT NOT NULL,
  region TEXT NOT NULL,
  available INTEGER NOT NULL,
  total INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('short', 'capacityOrdered', 'resolved')),
  added_resource_ids TEXT NOT NULL DEFAULT '[]',
  detected_at TEXT NOT NULL,
  resolved_at TEXT
);
CREATE UNIQUE INDEX capacity_shortfalls_open ON capacity_shortfalls (resource_spec_id, region) WHERE state <> 'resolved';

-- Resources handed to operations (new, repaired, discovered) waiting for 1.O.3.1.1.
CREATE TABLE resource_acceptance (
  resource_id TEXT PRIMARY KEY REFERENCES resources(id),
  reason TEXT NOT NULL CHECK (reason IN ('new', 'repaired', 'discovered')),
  source TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'failed')),
  detail TEXT,
  handed_over_at TEXT NOT NULL,
  tested_at TEXT
);

-- Preventive maintenance and repair jobs (1.O.3.1.3).
CREATE TABLE maintenance_jobs (
  id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL REFERENCES resources(id),
  kind TEXT NOT NULL CHECK (kind IN ('preventive', 'repair')),
  reason TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('requested', 'passed', 'repaired', 'failed')),
  result TEXT,
  created_at TEXT NOT NULL,
  done_at TEXT
);
CREATE INDEX maintenance_jobs_resource ON maintenance_jobs (resource_id, state);

-- Resource class figures kept run after run, for long-term analysis (1.O.3.1.2, 1.O.3.1.4).
CREATE TABLE resource_class_samples (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  resource_spec_id TEXT NOT NULL,
  region TEXT NOT NULL,
  total INTEGER NOT NULL,
  in_service INTEGER NOT NULL,
  available INTEGER NOT NULL,
  out_of_service INTEGER NOT NULL,
  tests INTEGER NOT NULL,
  failed_tests INTEGER NOT NULL,
  mean_latency_ms REAL,
  at TEXT NOT NULL,
  UNIQUE (run_id, resource_spec_id, region)
);

-- The versions of the reference data service rating uses, per service class (1.O.2.1.5).
CREATE TABLE rating_reference_versions (
  id TEXT PRIMARY KEY,
  cfs_spec_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  checksum TEXT NOT NULL,
  source TEXT NOT NULL,
  content TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (cfs_spec_id, version)
);

-- Campaigns planned by Manage Campaign (1.O.1.1.9); Marketing Fulfilment Response runs them.
CREATE TABLE campaign_plans (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  segment TEXT NOT NULL,
  product_offering_id TEXT NOT NULL REFERENCES product_offerings(id),
  rationale TEXT NOT NULL,
  figures TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'running', 'completed', 'cancelled')),
  run_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX campaign_plans_open ON campaign_plans (region, product_offering_id) WHERE state IN ('planned', 'running');

-- Manage Logistics (1.O.3.1.7): what each warehouse keeps in stock, and every movement.
CREATE TABLE warehouse_policies (
  warehouse TEXT NOT NULL,
  region TEXT NOT NULL,
  resource_spec_id TEXT NOT NULL,
  reorder_level INTEGER NOT NULL,
  reorder_quantity INTEGER NOT NULL,
  supplier_id TEXT NOT NULL,
  PRIMARY KEY (warehouse, resource_spec_id)
);
INSERT INTO warehouse_policies (warehouse, region, resource_spec_id, reorder_level, reorder_quantity, supplier_id)
SELECT region || '-WH', region, 'RS-CPE-ROUTER', 3, 4, 'SUP-BETA' FROM (SELECT 'PAR' AS region UNION ALL SELECT 'LYO' UNION ALL SELECT 'LIL');

CREATE TABLE shipments (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('replenishment', 'toSite', 'returnForRepair')),
  resource_ids TEXT NOT NULL,
  origin TEXT NOT NULL,
  destination TEXT NOT NULL,
  supplier_id TEXT,
  reference TEXT,
  state TEXT NOT NULL CHECK (state IN ('inTransit', 'delivered', 'returned')),
  created_at TEXT NOT NULL,
  delivered_at TEXT
);

-- The simulated network's disagreements with the inventory (src/simulators/discovery.ts).
CREATE TABLE simulator_discovery_overrides (
  resource_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('missing', 'extra', 'carries')),
  detail TEXT NOT NULL DEFAULT '{}'
);
`;
