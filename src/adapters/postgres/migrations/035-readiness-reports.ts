import { sql as SQLITE_READINESS } from '../../sqlite/migrations/013-readiness';

/**
 * Operations Support & Readiness's records (1.O.*.1) on PostgreSQL, as the SQLite store's
 * migrations 013 and 024: the objectives figures are held against (the same rows, taken from the
 * SQLite migration's own INSERT so the two stores start from one list), one report per process
 * and run, and the readiness actions — one open per process, metric and subject (a partial unique
 * index), addressed to the process that acts on it, acted on once.
 */
const OBJECTIVES = /INSERT INTO readiness_objectives[\s\S]*?\);\n/.exec(SQLITE_READINESS)![0];

export const READINESS_REPORTS = `
CREATE TABLE readiness_objectives (
  metric TEXT PRIMARY KEY,
  limit_value DOUBLE PRECISION NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('max', 'min')),
  description TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
${OBJECTIVES}
CREATE TABLE readiness_reports (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  layer TEXT NOT NULL,
  etom_id TEXT NOT NULL,
  figures JSONB NOT NULL,
  findings JSONB NOT NULL,
  details JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (run_id, etom_id)
);

CREATE TABLE readiness_actions (
  id TEXT PRIMARY KEY,
  etom_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  metric TEXT NOT NULL,
  subject TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  limit_value DOUBLE PRECISION NOT NULL,
  action TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  notification_id TEXT,
  addressed_to TEXT,
  acted_by TEXT,
  acted_at TIMESTAMPTZ,
  outcome TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  closed_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX readiness_actions_open ON readiness_actions (etom_id, metric, subject) WHERE state = 'open';
CREATE INDEX readiness_actions_addressed ON readiness_actions (addressed_to, state) WHERE addressed_to IS NOT NULL;
CREATE INDEX readiness_actions_run ON readiness_actions (run_id);
`;
