import type {
  ProcessFlow,
  ProcessRunEnd,
  ProcessRunEvent,
  ProcessRunOutcome,
  ProcessRunPort,
  ProcessRunStart,
  ProcessRunStats,
} from '../../ports/process-runs';
import type { Db } from './database';
import { preparedOnce } from './statements';

/**
 * The upper bounds (ms) of the duration buckets; the last bucket is everything above. Fine
 * enough at the low end for activities of a few milliseconds, wide enough for a technician's hours.
 */
export const BUCKETS_MS = [
  2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 300_000, 3_600_000,
] as const;

export const bucketOf = (ms: number): number => {
  const i = BUCKETS_MS.findIndex((le) => ms <= le);
  return i < 0 ? BUCKETS_MS.length : i;
};

/**
 * The median from bucket counts, interpolated linearly inside its bucket as Prometheus's
 * histogram_quantile does; the open last bucket answers its lower bound.
 */
export function medianOf(counts: ReadonlyMap<number, number>): number | null {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const half = total / 2;
  let seen = 0;
  for (let b = 0; b <= BUCKETS_MS.length; b++) {
    const n = counts.get(b) ?? 0;
    if (seen + n >= half && n > 0) {
      const lower = b === 0 ? 0 : BUCKETS_MS[b - 1]!;
      if (b === BUCKETS_MS.length) return lower;
      return Math.round(lower + (BUCKETS_MS[b]! - lower) * ((half - seen) / n));
    }
    seen += n;
  }
  return null;
}

/** The counter of each outcome: a fixed column name, never text from the caller. */
const OUTCOME_COLUMNS: Record<ProcessRunOutcome, string> = {
  completed: 'completed',
  refused: 'refused',
  failed: 'failed',
};

interface StatsRow {
  etom_id: string;
  runs: number;
  completed: number;
  refused: number;
  failed: number;
}

export function createSqliteProcessRuns(db: Db): ProcessRunPort {
  const sql = preparedOnce(db);
  const key = (r: ProcessRunStart) => [r.workflowId, r.runId, r.activityId, r.attempt];

  /** A start not seen before: the run, its counter, its flow (and the flow's type when this is the root). */
  const start = (r: ProcessRunStart): void => {
    const inserted = sql(
      `INSERT OR IGNORE INTO process_runs (workflow_id, run_id, activity_id, attempt, etom_id, root_workflow_id, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(...key(r), r.etomId, r.rootWorkflowId, r.startedAt);
    if (inserted.changes === 0) return;
    sql(
      `INSERT INTO process_run_stats (etom_id, runs) VALUES (?, 1)
       ON CONFLICT (etom_id) DO UPDATE SET runs = runs + 1`,
    ).run(r.etomId);
    sql(
      `INSERT INTO process_flows (etom_id, root_workflow_id, last_at) VALUES (?, ?, ?)
       ON CONFLICT (etom_id, root_workflow_id) DO UPDATE SET last_at = max(last_at, excluded.last_at)`,
    ).run(r.etomId, r.rootWorkflowId, r.startedAt);
    if (r.workflowId === r.rootWorkflowId)
      sql('INSERT OR IGNORE INTO flow_roots (root_workflow_id, workflow_type) VALUES (?, ?)').run(
        r.rootWorkflowId,
        r.workflowType,
      );
  };

  /** An end: counted once, whether or not its start was recorded (a worker restarted between). */
  const end = (r: ProcessRunEnd): void => {
    start(r);
    const ended = sql(
      `UPDATE process_runs SET ended_at = ?, outcome = ?, duration_ms = ?
       WHERE workflow_id = ? AND run_id = ? AND activity_id = ? AND attempt = ? AND ended_at IS NULL`,
    ).run(new Date(Date.parse(r.startedAt) + r.durationMs).toISOString(), r.outcome, r.durationMs, ...key(r));
    if (ended.changes === 0) return;
    const column = OUTCOME_COLUMNS[r.outcome];
    sql(`UPDATE process_run_stats SET ${column} = ${column} + 1 WHERE etom_id = ?`).run(r.etomId);
    sql(
      `INSERT INTO process_run_durations (etom_id, bucket, count) VALUES (?, ?, 1)
       ON CONFLICT (etom_id, bucket) DO UPDATE SET count = count + 1`,
    ).run(r.etomId, bucketOf(r.durationMs));
  };

  const write = db.transaction((events: readonly ProcessRunEvent[]) => {
    for (const e of events) {
      if (e.kind === 'start') start(e);
      else end(e);
    }
  });

  const toStats = (row: StatsRow, running: number, buckets: ReadonlyMap<number, number>): ProcessRunStats => ({
    etomId: row.etom_id,
    runs: row.runs,
    running,
    completed: row.completed,
    refused: row.refused,
    failed: row.failed,
    p50Ms: medianOf(buckets),
  });
  const empty = (etomId: string): StatsRow => ({ etom_id: etomId, runs: 0, completed: 0, refused: 0, failed: 0 });

  return {
    async record(events) {
      if (events.length > 0) write.immediate(events);
    },
    async stats() {
      const rows = sql('SELECT * FROM process_run_stats').all() as StatsRow[];
      const running = new Map(
        (
          sql(
            'SELECT etom_id, count(*) AS n FROM process_runs WHERE ended_at IS NULL GROUP BY etom_id',
          ).all() as Array<{
            etom_id: string;
            n: number;
          }>
        ).map((r) => [r.etom_id, r.n]),
      );
      const buckets = new Map<string, Map<number, number>>();
      for (const b of sql('SELECT etom_id, bucket, count FROM process_run_durations').all() as Array<{
        etom_id: string;
        bucket: number;
        count: number;
      }>) {
        let m = buckets.get(b.etom_id);
        if (!m) buckets.set(b.etom_id, (m = new Map()));
        m.set(b.bucket, b.count);
      }
      return rows.map((r) => toStats(r, running.get(r.etom_id) ?? 0, buckets.get(r.etom_id) ?? new Map()));
    },
    async statsOf(etomId) {
      const row =
        (sql('SELECT * FROM process_run_stats WHERE etom_id = ?').get(etomId) as StatsRow | undefined) ?? empty(etomId);
      const running = sql('SELECT count(*) FROM process_runs WHERE etom_id = ? AND ended_at IS NULL')
        .pluck()
        .get(etomId) as number;
      const buckets = sql('SELECT bucket, count FROM process_run_durations WHERE etom_id = ?').all(etomId) as Array<{
        bucket: number;
        count: number;
      }>;
      return toStats(row, running, new Map(buckets.map((b) => [b.bucket, b.count])));
    },
    async recentFlows(etomId, limit) {
      const rows = sql(
        `SELECT f.root_workflow_id, r.workflow_type, f.last_at FROM process_flows f
         LEFT JOIN flow_roots r ON r.root_workflow_id = f.root_workflow_id
         WHERE f.etom_id = ? ORDER BY f.last_at DESC LIMIT ?`,
      ).all(etomId, limit) as Array<{ root_workflow_id: string; workflow_type: string | null; last_at: string }>;
      return rows.map((r): ProcessFlow => ({
        rootWorkflowId: r.root_workflow_id,
        rootWorkflowType: r.workflow_type,
        at: r.last_at,
      }));
    },
  };
}
