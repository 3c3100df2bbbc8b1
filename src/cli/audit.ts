import fs from 'node:fs';
import path from 'node:path';
import { postgresAuditReads } from '../adapters/postgres/audit-reads';
import { openPool } from '../adapters/postgres/database';
import { sqliteAuditReads } from '../adapters/sqlite/audit-reads';
import { openDatabase } from '../adapters/sqlite/database';
import { storeFile as storeFileIn } from '../adapters/store';
import { type AuditReads, formatViolation, runAudit } from '../audit';
import { loadConfig, redactedUrl } from '../config';
import { bundleWorkflows } from '../temporal/bundle';
import { connectClient, projectClient } from '../temporal/connect';
import { installTemporalRuntime } from '../temporal/runtime';
import { UsageError, parse } from './args';

/** `--since 24h|30m|7d` or an ISO time: the oldest closed flow to replay. */
export function sinceOption(value: string | undefined, now = new Date()): Date | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)([mhd])$/.exec(value);
  if (m) return new Date(now.getTime() - Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm']);
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--since takes 30m, 24h, 7d or an ISO time (got '${value}')`);
  return at;
}

/**
 * `etom audit [--json] [--since 24h] [--limit N] [--no-replay] [--task-queue-prefix P] [--store FILE]`:
 * checks the invariants of a live system, between its store and its workflows (TEMPORAL_ADDRESS,
 * else the local `etom dev` server), prints one line per violation and a total, and exits 1
 * when there is any. The store is the configured one (ETOM_STORE_URL's PostgreSQL, else the data
 * dir's SQLite file), or the SQLite file `--store` names.
 */
export async function runAuditCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    json: { type: 'boolean' },
    since: { type: 'string' },
    limit: { type: 'string' },
    'no-replay': { type: 'boolean' },
    'task-queue-prefix': { type: 'string' },
    store: { type: 'string' },
  });
  const limit = values.limit === undefined ? 1000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0)
    throw new UsageError(`--limit must be a whole number (got '${values.limit}')`);
  const since = sinceOption(values.since);
  const cfg = loadConfig();
  const store = await openAuditedStore(values.store, cfg);
  installTemporalRuntime();
  const address = cfg.temporalAddress ?? `localhost:${cfg.temporalPort}`;
  const connection = await connectClient(address).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  try {
    const client = projectClient(connection, cfg);
    const report = await runAudit({
      client,
      reads: store.reads,
      scope: { taskQueuePrefix: values['task-queue-prefix'] ?? cfg.taskQueuePrefix, since, limit },
      workflowBundle: values['no-replay'] ? undefined : await bundleWorkflows({ tracing: false }),
    });
    const total = report.violations.length;
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...report, total })}\n`);
    } else {
      for (const v of report.violations) process.stdout.write(`${formatViolation(v)}\n`);
      process.stdout.write(
        `${total} violation${total === 1 ? '' : 's'} (${report.running} flows running, ${report.replayed} histories replayed, ${report.retries} failed attempts absorbed)\n`,
      );
    }
    return total === 0 ? 0 : 1;
  } finally {
    await connection.close();
    await store.close();
  }
}

/**
 * The store audited, for reading: the SQLite file `--store` names, else the configured store
 * (ETOM_STORE_URL's PostgreSQL, else the data dir's file). An audit never creates a store where
 * there was none: an absent file or an unreadable database (unreachable, no schema) stops it,
 * named without its password, rather than report a clean system it never looked at.
 */
async function openAuditedStore(
  file: string | undefined,
  cfg: { dataDir: string; storeUrl?: string },
): Promise<{ reads: AuditReads; close(): Promise<void> }> {
  const url = file === undefined ? cfg.storeUrl : undefined;
  if (url === undefined) {
    const storeFile = path.resolve(file ?? storeFileIn(cfg));
    if (!fs.existsSync(storeFile))
      throw new Error(`no enterprise store at ${storeFile} (set ETOM_DATA_DIR or --store)`);
    const db = openDatabase({ filename: storeFile });
    return {
      reads: sqliteAuditReads(db),
      close: async () => {
        db.close();
      },
    };
  }
  const pool = openPool(url, 2);
  try {
    await pool.query('SELECT 1 FROM product_orders LIMIT 1');
  } catch (err) {
    await pool.end();
    throw new Error(
      `no enterprise store readable at ${redactedUrl(url)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return { reads: postgresAuditReads(pool), close: () => pool.end() };
}
