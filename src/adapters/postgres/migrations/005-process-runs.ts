/**
 * The dashboard's record of Level-3 process runs (#11), written in batches by the workers: one
 * row per activity attempt, and the aggregates the dashboard reads instead of scanning them —
 * counters and a duration histogram per process, and the flows (root workflows) that ran each.
 */
export const PROCESS_RUNS = `
CREATE TABLE process_runs (
  workflow_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  etom_id TEXT NOT NULL,
  root_workflow_id TEXT NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  ended_at TIMESTAMPTZ,
  outcome TEXT CHECK (outcome IN ('completed', 'refused', 'failed')),
  duration_ms BIGINT,
  PRIMARY KEY (workflow_id, run_id, activity_id, attempt)
);
CREATE INDEX process_runs_open ON process_runs (etom_id) WHERE ended_at IS NULL;

CREATE TABLE process_run_stats (
  etom_id TEXT PRIMARY KEY,
  runs BIGINT NOT NULL DEFAULT 0,
  completed BIGINT NOT NULL DEFAULT 0,
  refused BIGINT NOT NULL DEFAULT 0,
  failed BIGINT NOT NULL DEFAULT 0
);

-- Ended attempts by duration bucket (BUCKETS_MS of src/adapters/sqlite/process-runs.ts), for the p50.
CREATE TABLE process_run_durations (
  etom_id TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (etom_id, bucket)
);

CREATE TABLE process_flows (
  etom_id TEXT NOT NULL,
  root_workflow_id TEXT NOT NULL,
  last_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (etom_id, root_workflow_id)
);
CREATE INDEX process_flows_recent ON process_flows (etom_id, last_at DESC);

-- The type of each flow's root, known once the root runs a process itself.
CREATE TABLE flow_roots (
  root_workflow_id TEXT PRIMARY KEY,
  workflow_type TEXT NOT NULL
);
`;
