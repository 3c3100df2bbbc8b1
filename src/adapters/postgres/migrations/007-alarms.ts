/**
 * RM&O alarm surveillance (1.A.3.3) and TMF642 over it: the alarm list as the network reports
 * it (received in batches), what survey & analysis (1.A.3.3.1) made of each alarm, the root
 * causes it found, and the ackAlarms / clearAlarms tasks. The SQLite store's migrations 007
 * and 017 in one; instants are timestamptz.
 */
export const ALARMS = `
CREATE TABLE alarm_batches (
  id TEXT PRIMARY KEY,
  source_system_id TEXT NOT NULL,
  alarm_count INTEGER NOT NULL,
  received_at TIMESTAMPTZ NOT NULL,
  analyzed_at TIMESTAMPTZ,
  -- what 1.A.3.3.1 made of the batch: {in, merged, suppressed, folded, waiting, rootCauses}
  outcome JSONB
);

CREATE TABLE alarms (
  id TEXT PRIMARY KEY,
  -- TMF642's integer id: 1, 2, 3… in the order the list received them.
  number BIGINT NOT NULL UNIQUE,
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
  raised_time TIMESTAMPTZ NOT NULL,
  cleared_time TIMESTAMPTZ,
  analysis TEXT NOT NULL DEFAULT 'pending'
    CHECK (analysis IN ('pending', 'waiting', 'root', 'duplicate', 'transient', 'folded')),
  duplicate_of TEXT,
  occurrences INTEGER NOT NULL DEFAULT 1,
  root_cause_id TEXT,
  received_at TIMESTAMPTZ NOT NULL,
  ack_user_id TEXT,
  ack_system_id TEXT,
  ack_time TIMESTAMPTZ,
  clear_user_id TEXT,
  clear_system_id TEXT,
  cleared_by_batch TEXT
);
CREATE INDEX alarms_batch ON alarms (batch_id);
CREATE INDEX alarms_object ON alarms (alarmed_object, probable_cause, state);
CREATE INDEX alarms_analysis ON alarms (analysis);
CREATE INDEX alarms_root_cause ON alarms (root_cause_id);
CREATE INDEX alarms_duplicate_of ON alarms (duplicate_of) WHERE root_cause_id IS NULL;
CREATE INDEX alarms_external ON alarms (source_system_id, external_alarm_id);
CREATE INDEX alarms_raised ON alarms (raised_time);
CREATE INDEX alarms_cleared_by ON alarms (cleared_by_batch);

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
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX alarm_root_causes_open ON alarm_root_causes (resource_id, state);

CREATE TABLE alarm_tasks (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('ackAlarms', 'clearAlarms')),
  user_id TEXT NOT NULL,
  system_id TEXT NOT NULL,
  -- ackTime of an ackAlarms, alarmClearedTime of a clearAlarms
  at TIMESTAMPTZ NOT NULL,
  alarm_pattern JSONB NOT NULL,
  alarm_numbers JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX alarm_tasks_kind ON alarm_tasks (kind, created_at);
`;
