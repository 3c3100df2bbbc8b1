/**
 * Resource classes (1.O.2.1.2, 1.O.3.1.2, 1.O.3.1.4, 1.O.3.1.5): the figures of each class and
 * region kept run after run, one sample per class and run; and the configuration each element
 * carries for its service (Network Activation's record, read here to pick the elements to test),
 * in the SQLite store's columns.
 */
export const RESOURCE_CLASSES = `
CREATE TABLE resource_class_samples (
  seq BIGSERIAL PRIMARY KEY,
  run_id TEXT NOT NULL,
  resource_spec_id TEXT NOT NULL,
  region TEXT NOT NULL,
  total INTEGER NOT NULL,
  in_service INTEGER NOT NULL,
  available INTEGER NOT NULL,
  out_of_service INTEGER NOT NULL,
  tests INTEGER NOT NULL,
  failed_tests INTEGER NOT NULL,
  mean_latency_ms DOUBLE PRECISION,
  at TIMESTAMPTZ NOT NULL,
  UNIQUE (run_id, resource_spec_id, region)
);
CREATE INDEX resource_class_samples_at ON resource_class_samples (at, seq);

CREATE TABLE network_configuration (
  resource_id TEXT PRIMARY KEY REFERENCES resources(id),
  service_id TEXT NOT NULL,
  config JSONB NOT NULL,
  admin_state TEXT NOT NULL CHECK (admin_state IN ('up', 'down')),
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX network_configuration_service ON network_configuration (service_id);
CREATE INDEX resource_state_history_outages ON resource_state_history (to_state, at);
`;
