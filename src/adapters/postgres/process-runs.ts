import type {
  ProcessFlow,
  ProcessRunEnd,
  ProcessRunEvent,
  ProcessRunPort,
  ProcessRunStart,
  ProcessRunStats,
} from '../../ports/process-runs';
import { bucketOf, medianOf } from '../sqlite/process-runs';
import { inTransaction, type Pool, type Tx } from './database';

/**
 * The record of Level-3 process runs on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/process-runs.contract.ts runs on both). Every worker process flushes its batches
 * here at the same time, so a batch takes its row locks in one global order — the attempts by
 * key, then the aggregates by process — and two flushes never deadlock: one waits for the other.
 * An attempt's primary key makes a start or end recorded twice (a retried flush) count once.
 */

interface StatsRow {
  etom_id: string;
  runs: string;
  completed: string;
  refused: string;
  failed: string;
}

const keyOf = (r: ProcessRunStart) => [r.workflowId, r.runId, r.activityId, r.attempt] as const;
const order = (a: ProcessRunEvent, b: ProcessRunEvent): number => {
  const [x, y] = [keyOf(a), keyOf(b)];
  for (let i = 0; i < x.length; i++) if (x[i]! !== y[i]!) return x[i]! < y[i]! ? -1 : 1;
  // An attempt's start before its end, as its worker saw them.
  return a.kind === b.kind ? 0 : a.kind === 'start' ? -1 : 1;
};
const byKey = <V>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** What one batch adds to the aggregates, applied after its attempts, in key order. */
class Increments {
  readonly stats = new Map<string, { runs: number; completed: number; refused: number; failed: number }>();
  readonly durations = new Map<string, { etomId: string; bucket: number; n: number }>();
  readonly flows = new Map<string, { etomId: string; root: string; at: string }>();
  readonly roots = new Map<string, string>();

  statsOf(etomId: string) {
    let s = this.stats.get(etomId);
    if (!s) this.stats.set(etomId, (s = { runs: 0, completed: 0, refused: 0, failed: 0 }));
    return s;
  }
  started(r: ProcessRunStart) {
    this.statsOf(r.etomId).runs++;
    const flow = `${r.etomId}\u0000${r.rootWorkflowId}`;
    const seen = this.flows.get(flow);
    if (!seen || Date.parse(seen.at) < Date.parse(r.startedAt))
      this.flows.set(flow, { etomId: r.etomId, root: r.rootWorkflowId, at: r.startedAt });
    if (r.workflowId === r.rootWorkflowId && !this.roots.has(r.rootWorkflowId))
      this.roots.set(r.rootWorkflowId, r.workflowType);
  }
  ended(r: ProcessRunEnd) {
    this.statsOf(r.etomId)[r.outcome]++;
    const bucket = bucketOf(r.durationMs);
    const k = `${r.etomId}\u0000${String(bucket).padStart(3, '0')}`;
    const d = this.durations.get(k) ?? { etomId: r.etomId, bucket, n: 0 };
    d.n++;
    this.durations.set(k, d);
  }

  async apply(tx: Tx) {
    for (const [etomId, s] of byKey(this.stats))
      await tx.query(
        `INSERT INTO process_run_stats (etom_id, runs, completed, refused, failed) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (etom_id) DO UPDATE SET runs = process_run_stats.runs + $2,
           completed = process_run_stats.completed + $3, refused = process_run_stats.refused + $4,
           failed = process_run_stats.failed + $5`,
        [etomId, s.runs, s.completed, s.refused, s.failed],
      );
    for (const [, d] of byKey(this.durations))
      await tx.query(
        `INSERT INTO process_run_durations (etom_id, bucket, count) VALUES ($1, $2, $3)
         ON CONFLICT (etom_id, bucket) DO UPDATE SET count = process_run_durations.count + $3`,
        [d.etomId, d.bucket, d.n],
      );
    for (const [, f] of byKey(this.flows))
      await tx.query(
        `INSERT INTO process_flows (etom_id, root_workflow_id, last_at) VALUES ($1, $2, $3)
         ON CONFLICT (etom_id, root_workflow_id) DO UPDATE SET last_at = GREATEST(process_flows.last_at, excluded.last_at)`,
        [f.etomId, f.root, f.at],
      );
    for (const [root, type] of byKey(this.roots))
      await tx.query(
        'INSERT INTO flow_roots (root_workflow_id, workflow_type) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [root, type],
      );
  }
}

export function createPostgresProcessRuns(pool: Pool): ProcessRunPort {
  /** A start not seen before: its attempt row, and what it adds. */
  const start = async (tx: Tx, r: ProcessRunStart, add: Increments) => {
    const inserted = await tx.query(
      `INSERT INTO process_runs (workflow_id, run_id, activity_id, attempt, etom_id, root_workflow_id, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [...keyOf(r), r.etomId, r.rootWorkflowId, r.startedAt],
    );
    if (inserted.rowCount) add.started(r);
  };
  /** An end: counted once, whether or not its start was recorded (a worker restarted between). */
  const end = async (tx: Tx, r: ProcessRunEnd, add: Increments) => {
    await start(tx, r, add);
    const ended = await tx.query(
      `UPDATE process_runs SET ended_at = $1, outcome = $2, duration_ms = $3
       WHERE workflow_id = $4 AND run_id = $5 AND activity_id = $6 AND attempt = $7 AND ended_at IS NULL`,
      [new Date(Date.parse(r.startedAt) + r.durationMs).toISOString(), r.outcome, r.durationMs, ...keyOf(r)],
    );
    if (ended.rowCount) add.ended(r);
  };

  const toStats = (row: StatsRow, running: number, buckets: ReadonlyMap<number, number>): ProcessRunStats => ({
    etomId: row.etom_id,
    runs: Number(row.runs),
    running,
    completed: Number(row.completed),
    refused: Number(row.refused),
    failed: Number(row.failed),
    p50Ms: medianOf(buckets),
  });

  return {
    async record(events) {
      if (events.length === 0) return;
      await inTransaction(pool, async (tx) => {
        const add = new Increments();
        for (const e of [...events].sort(order)) {
          if (e.kind === 'start') await start(tx, e, add);
          else await end(tx, e, add);
        }
        await add.apply(tx);
      });
    },
    async stats() {
      const rows = (await pool.query<StatsRow>('SELECT * FROM process_run_stats ORDER BY etom_id')).rows;
      const running = new Map(
        (
          await pool.query<{ etom_id: string; n: string }>(
            'SELECT etom_id, count(*) AS n FROM process_runs WHERE ended_at IS NULL GROUP BY etom_id',
          )
        ).rows.map((r) => [r.etom_id, Number(r.n)]),
      );
      const buckets = new Map<string, Map<number, number>>();
      const { rows: counts } = await pool.query<{ etom_id: string; bucket: number; count: string }>(
        'SELECT etom_id, bucket, count FROM process_run_durations',
      );
      for (const b of counts) {
        let m = buckets.get(b.etom_id);
        if (!m) buckets.set(b.etom_id, (m = new Map()));
        m.set(b.bucket, Number(b.count));
      }
      return rows.map((r) => toStats(r, running.get(r.etom_id) ?? 0, buckets.get(r.etom_id) ?? new Map()));
    },
    async statsOf(etomId) {
      const row = (await pool.query<StatsRow>('SELECT * FROM process_run_stats WHERE etom_id = $1', [etomId])).rows[0];
      const running = await pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM process_runs WHERE etom_id = $1 AND ended_at IS NULL',
        [etomId],
      );
      const { rows: buckets } = await pool.query<{ bucket: number; count: string }>(
        'SELECT bucket, count FROM process_run_durations WHERE etom_id = $1',
        [etomId],
      );
      return toStats(
        row ?? { etom_id: etomId, runs: '0', completed: '0', refused: '0', failed: '0' },
        Number(running.rows[0]!.n),
        new Map(buckets.map((b) => [b.bucket, Number(b.count)])),
      );
    },
    async recentFlows(etomId, limit) {
      const { rows } = await pool.query<{ root_workflow_id: string; workflow_type: string | null; last_at: Date }>(
        `SELECT f.root_workflow_id, r.workflow_type, f.last_at FROM process_flows f
         LEFT JOIN flow_roots r ON r.root_workflow_id = f.root_workflow_id
         WHERE f.etom_id = $1 ORDER BY f.last_at DESC LIMIT $2`,
        [etomId, limit],
      );
      return rows.map((r): ProcessFlow => ({
        rootWorkflowId: r.root_workflow_id,
        rootWorkflowType: r.workflow_type,
        at: r.last_at.toISOString(),
      }));
    },
  };
}
