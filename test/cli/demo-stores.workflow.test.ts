import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { type RunningPostgres, startPostgres } from '../../src/cluster/postgres';
import { ensureNamespace } from '../support/runtime';

/**
 * #14's acceptance: `npx etom demo <flow> --json` gives the same results on the PostgreSQL store
 * (ETOM_STORE_URL) as on the SQLite default. Each run is the CLI as a user runs it, against the
 * shared test server, with a data dir and task queues of its own; the PostgreSQL run on a new
 * database of a throwaway server (Debian's, on a free loopback port, its data in a temp dir).
 * The two runs of a flow go side by side, the PostgreSQL one in a namespace of its own: the demos
 * name their workflows by the second they start, and two runs in one namespace could meet.
 * The summaries are compared whole, once the values that carry the moment of the run are
 * normalised (ISO instants, the demos' yyMMddHHmmss stamps, the task queue prefix), and each
 * `processes` list and each layer's `etomIdsByLayer` are taken as the sets of processes that ran:
 * service orders run side by side, so their steps interleave differently from run to run on either
 * store (as test/cli/demo-repeat compares them too).
 */
const bin = path.resolve(__dirname, '../../bin/etom.cjs');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-demo-stores-'));
const PG_NAMESPACE = 'demo-stores-postgres';
let pg: RunningPostgres;

beforeAll(async () => {
  fs.chmodSync(root, 0o755); // as root, PostgreSQL runs as the postgres user
  pg = await startPostgres({ dataDir: path.join(root, 'pg'), throwaway: true });
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  try {
    await ensureNamespace(connection, PG_NAMESPACE);
  } finally {
    await connection.close();
  }
}, 180_000);
afterAll(() => {
  pg?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

function demo(flow: string, store: 'sqlite' | 'postgres'): Promise<unknown> {
  const dir = fs.mkdtempSync(path.join(root, `${flow}-${store}-`));
  const prefix = `stores-${flow}-${store}-${path.basename(dir).slice(-6)}`;
  let storeUrl: string | undefined;
  if (store === 'postgres') {
    const database = `demo_${flow}_${path.basename(dir).slice(-6).toLowerCase()}`.replace(/[^a-z0-9_]/g, '_');
    pg.ensureDatabase(database);
    storeUrl = pg.url(database);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: store === 'postgres' ? PG_NAMESPACE : inject('temporalNamespace'),
    ETOM_DATA_DIR: dir,
    ETOM_TASK_QUEUE_PREFIX: prefix,
  };
  delete env['ETOM_STORE_URL'];
  if (storeUrl) env['ETOM_STORE_URL'] = storeUrl;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'demo', flow, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      if (code !== 0)
        return reject(new Error(`etom demo ${flow} on ${store} exited with ${code}:\n${err.slice(-3000)}`));
      resolve(raced(flow, normalised(JSON.parse(out.trim().split('\n').pop()!), prefix)));
    });
  });
}

/** The summary with what carries the moment of the run (or its task queues) replaced by a placeholder. */
function normalised(v: unknown, prefix: string): unknown {
  if (typeof v === 'string')
    return v
      .replaceAll(prefix, '<prefix>')
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<instant>')
      .replace(/\d{12,}/g, '<stamp>');
  if (Array.isArray(v)) return v.map((x) => normalised(x, prefix));
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        k,
        k === 'processes' && Array.isArray(x)
          ? ran(x)
          : k === 'etomIdsByLayer' && x && typeof x === 'object'
            ? byLayer(x as Record<string, string[]>)
            : normalised(x, prefix),
      ]),
    );
  return v;
}

/**
 * What a demo's pace decides rather than its store, left out of the comparison and no more: the
 * demos' timers are seconds long (DEMO_*_TIMINGS), so on a loaded machine a step can lose its race
 * with one on either store. Fulfilment: which order's product got which number. Assurance:
 * whether a ticket's escalation timer fired before its resolution. Billing: which bill got which number (bills are drafted side by side), whether a
 * payment came before the 3 s due date or after the reminders (`paid` with 2 steps, or `restored`
 * with 4), and the usage's amounts (the calls' durations are drawn for the period, which ends at the
 * run's moment; their number is compared).
 */
function raced(flow: string, summary: unknown): unknown {
  const s = structuredClone(summary) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (flow === 'assurance') for (const f of s['flows'] ?? []) delete f.outcome?.escalated;
  // Fulfilment: the three orders run side by side, and a product is numbered when its order
  // completes, so which of them is PRD-000001 is a race; each change still names its price and state.
  if (flow === 'fulfilment') return JSON.parse(JSON.stringify(s).replace(/PRD-\d{6}/g, '<product>')) as unknown;
  if (flow === 'billing') {
    const text = JSON.stringify(s).replace(/BILL-\d{6}/g, '<bill>');
    const b = JSON.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    b['collections'] = (b['collections'] as Array<{ state: string }>).map((c) =>
      ['paid', 'restored'].includes(c.state) ? 'settled' : c.state,
    );
    for (const k of ['usageChargeMinor', 'billedUsageMinor', 'billedTotalMinor']) delete b['totals'][k];
    if (b['inquiry']) b['inquiry'].finding = String(b['inquiry'].finding).replace(/:.*/, '');
    b['invoiceFiles'] = (b['invoiceFiles'] as string[]).map((f) => path.basename(f)).sort();
    return b;
  }
  return s;
}

// A layer's ids come in the order they first ran, which the same interleaving decides: compared as sets.
const byLayer = (ids: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(ids).map(([layer, list]) => [layer, [...list].sort()]));

const ran = (ps: Array<{ layer?: string; etomId?: string }>) =>
  [...new Set(ps.map((p) => `${p.layer} ${p.etomId}`))].sort();

describe('the demos on the PostgreSQL store (ETOM_STORE_URL) and on SQLite', () => {
  it.each(['fulfilment', 'assurance', 'billing', 'lifecycle'])(
    '%s: the same summary on both stores',
    async (flow) => {
      const [onSqlite, onPostgres] = await Promise.all([demo(flow, 'sqlite'), demo(flow, 'postgres')]);
      expect(onPostgres).toEqual(onSqlite);
    },
    900_000,
  );
});
