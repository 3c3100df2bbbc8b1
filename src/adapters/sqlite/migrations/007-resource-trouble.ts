/**
 * RM&O Resource Trouble Management (1.A.3.3): the TMF642 alarm list as the network reports it
 * (received in batches), what survey & analysis (1.A.3.3.1) made of each alarm (root cause,
 * duplicate, transient, folded under a failed parent, waiting for information it expects),
 * the root causes it found, and the resource trouble reports worked from them (1.A.3.3.4),
 * with their history, the services reported to SM&O (1.A.3.3.5) and the protection switches
 * recovery made (1.A.3.3.3). Performance has its own tables elsewhere.
 */
export const sql = `
CREATE TABLE alarm_batches (
  id TEXT PRIMARY KEY,
  source_system_id TEXT NOT NULL,
  alarm_count INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  analyzed_at TEXT,
  -- what 1.A.3.3.1 made of the batch: {in, merged, suppressed, folded, waiting, rootCauses}
  outcome TEXT
);

CREATE TABLE alarms (
  id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL REFERENCES alarm_batches(id),
  external_alarm_id TEXT,
  alarm_type TEXT NOT NULL,
  perceived_severity TEXT NOT NULL,
  probable_cause TEXT NOT NULL,
  specific_problem TEXT,
  alarmed_object TEXT NOT NULL,
  source_system_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('raised', 'updated', 'cleared')),
  ack_state TEXT NOT NULL DEFAULT 'unacknowledged' CHECK (ack_state IN ('acknowledged', 'unacknowledged')),
  raised_time TEXT NOT NULL,
  cleared_time TEXT,
  -- 1.A.3.3.1: pending (not analysed yet), waiting (for a clear or a parent's alarm), root,
  -- duplicate (merged into duplicate_of), transient (suppressed), folded (under a root cause)
  analysis TEXT NOT NULL DEFAULT 'pending'
    CHECK (analysis IN ('pending', 'waiting', 'root', 'duplicate', 'transient', 'folded')),
  duplicate_of TEXT,
  occurrences INTEGER NOT NULL DEFAULT 1,
  root_cause_id TEXT,
  received_at TEXT NOT NULL
);
CREATE INDEX alarms_batch ON alarms (batch_id);
CREATE INDEX alarms_object ON alarms (alarmed_object, probable_cause, state);
CREATE INDEX alarms_analysis ON alarms (analysis);
CREATE INDEX alarms_root_cause ON alarms (root_cause_id);

-- One per root cause found: the resource trouble report worked for it has the same id.
CREATE TABLE alarm_root_causes (
  id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL,
  probable_cause TEXT NOT NULL,
  root_alarm_id TEXT NOT NULL,
  alarm_count INTEGER NOT NULL,
  batch_id TEXT,
  reason TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  created_at TEXT NOT NULL
);
CREATE INDEX alarm_root_causes_open ON alarm_root_causes (resource_id, state);

CREATE TABLE resource_troubles (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL CHECK (origin IN ('alarm', 'serviceProblem', 'performance')),
  resource_id TEXT NOT NULL,
  description TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('acknowledged', 'localized', 'recovering', 'resolved', 'closed', 'cancelled')),
  alarm_count INTEGER NOT NULL DEFAULT 0,
  alarm_ids TEXT NOT NULL DEFAULT '[]',
  service_problem_id TEXT,
  workflow_id TEXT,
  -- 1.A.3.3.2: the root cause localization found, and the tests behind it
  fault_resource_id TEXT,
  diagnosis TEXT,
  recovery TEXT CHECK (recovery IN ('switchedToRedundant', 'repaired', 'replaced', 'none')),
  resolution TEXT,
  -- 1.A.3.3.6: what is done so that it does not happen again
  prevention TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE INDEX resource_troubles_resource ON resource_troubles (resource_id, state);

CREATE TABLE resource_trouble_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  trouble_id TEXT NOT NULL REFERENCES resource_troubles(id),
  process TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  detail TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX resource_trouble_events_trouble ON resource_trouble_events (trouble_id, seq);

-- 1.A.3.3.5: the services a trouble touches, and the service problem SM&O works for each.
CREATE TABLE resource_trouble_services (
  trouble_id TEXT NOT NULL REFERENCES resource_troubles(id),
  service_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  service_problem_id TEXT,
  service_problem_workflow_id TEXT,
  last_reported_state TEXT,
  PRIMARY KEY (trouble_id, service_id)
);

-- 1.A.3.3.3: the failed unit taken out of service and the mate that carries its traffic.
CREATE TABLE protection_switches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  trouble_id TEXT NOT NULL REFERENCES resource_troubles(id),
  working_id TEXT NOT NULL,
  protecting_id TEXT NOT NULL,
  restored TEXT NOT NULL,
  at TEXT NOT NULL
);
`;
