/**
 * TMF642 Alarm Management over the alarm list (API): each alarm's number (TMF642 gives an
 * alarm an integer id, "determined by the alarm owning system"), who acknowledged or cleared
 * it and when, the notification batch whose clear ended it, and the ackAlarms and clearAlarms
 * tasks, kept so that a task can be read back and a task posted again is not applied twice.
 */
export const sql = `
ALTER TABLE alarms ADD COLUMN number INTEGER;
UPDATE alarms SET number = rowid;
CREATE UNIQUE INDEX alarms_number ON alarms (number);
ALTER TABLE alarms ADD COLUMN ack_user_id TEXT;
ALTER TABLE alarms ADD COLUMN ack_system_id TEXT;
ALTER TABLE alarms ADD COLUMN ack_time TEXT;
ALTER TABLE alarms ADD COLUMN clear_user_id TEXT;
ALTER TABLE alarms ADD COLUMN clear_system_id TEXT;
ALTER TABLE alarms ADD COLUMN cleared_by_batch TEXT;
CREATE INDEX alarms_external ON alarms (source_system_id, external_alarm_id);
CREATE INDEX alarms_raised ON alarms (raised_time);
CREATE INDEX alarms_cleared_by ON alarms (cleared_by_batch);

CREATE TABLE alarm_tasks (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('ackAlarms', 'clearAlarms')),
  user_id TEXT NOT NULL,
  system_id TEXT NOT NULL,
  -- ackTime of an ackAlarms, alarmClearedTime of a clearAlarms
  at TEXT NOT NULL,
  -- the alarm patterns as posted (JSON), and the numbers of the alarms the task changed
  alarm_pattern TEXT NOT NULL,
  alarm_numbers TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX alarm_tasks_kind ON alarm_tasks (kind, created_at);
`;
