/**
 * The periods services were down, as Service Problem Management certified them at closure
 * (1.A.2.3.5), read by Service Quality Management (1.A.2.4): the SQLite store's migration 006
 * table, instants as timestamptz, so the overlap read compares instants rather than text.
 */
export const SERVICE_OUTAGES = `
CREATE TABLE service_outages (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  service_problem_id TEXT,
  cause TEXT NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  restored_at TIMESTAMPTZ NOT NULL,
  CHECK (restored_at >= started_at)
);
CREATE INDEX service_outages_service ON service_outages (service_id, started_at);
CREATE INDEX service_outages_period ON service_outages (started_at, restored_at);
`;
