import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { openPool } from '../src/adapters/postgres/database';
import { postgresAuditReads } from '../src/adapters/postgres/audit-reads';
import { createSqliteStore } from '../src/adapters/sqlite';
import { sqliteAuditReads } from '../src/adapters/sqlite/audit-reads';
import type { AuditReads } from '../src/audit/store-reads';
import { runAudit } from '../src/audit';
import { alive, clusterDown, clusterEnv, clusterUp, type ClusterState } from '../src/cluster/topology';
import { loadConfig } from '../src/config';
import { DEMO_TIMINGS } from '../src/domain/fulfilment/timings';
import { submitProductOrder } from '../src/fulfilment/submit';
import { LAYERS, taskQueueFor } from '../src/layers';
import { bundleWorkflows } from '../src/temporal/bundle';
import { CLIENT_INTERCEPTORS } from '../src/temporal/summaries';
import { addCapacity, addCapacityPostgres, REGION } from './fulfilment';

/**
 * `npm run bench -- topology [--orders N] [--rounds R]` (#14): the cluster topology of
 * `etom cluster up` (Temporal 1.29.1 on PostgreSQL, the enterprise store a database on the same
 * server, a worker process per layer and a second RM&O one, the simulators process);
 * ETOM_CLUSTER_STORE=sqlite runs it on the data dir's SQLite file instead. Two measures, one
 * JSON line:
 *  - throughput: the same orders on the layer processes against one process polling every
 *    layer (the baseline), on the same server, interleaved after a warm-up;
 *  - resilience: N orders while one of the two RM&O processes is killed by SIGKILL, then the
 *    audit (every order terminal, no reservation left, each effect once, histories replay).
 */

const PREFIX_ONE = 'one';
// Holds that outlast a killed worker's activity timeouts: an order ends as designed, not on expiry.
const TIMINGS = { ...DEMO_TIMINGS, reservationHold: '15 minutes', workOrderTimeout: '15 minutes' };

export async function runTopologyBench(opts: Record<string, string | undefined>): Promise<void> {
  const orders = Number(opts['orders'] ?? 200);
  const rounds = Number(opts['rounds'] ?? 3);
  const batch = 20;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-bench-topology-'));
  fs.chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as the postgres user
  // The store is the cluster's own (ETOM_CLUSTER_STORE, PostgreSQL unless `sqlite`), never one
  // ETOM_STORE_URL names: the bench drops the cluster, and its data, when it ends.
  const { ETOM_STORE_URL: _elsewhere, ...inherited } = process.env;
  const env = { ...inherited, ETOM_DATA_DIR: dataDir, ETOM_CLUSTER_THROWAWAY: '1' };
  const cfg = loadConfig(env);
  const state = await clusterUp(cfg, say, env);
  const store = await openBenchStore(state, dataDir, orders + 2 * batch * (rounds + 1) + 10).catch(async (err) => {
    await clusterDown(cfg, say, env);
    throw err;
  });
  say(`enterprise store: ${state.store.kind}`);
  const connection = await Connection.connect({ address: state.temporalAddress });
  const client = new Client({ connection, namespace: state.namespace, interceptors: CLIENT_INTERCEPTORS });
  // The baseline: one process polling the four layers' queues under another prefix, on the
  // cluster's store (clusterEnv: its URL). It hosts no simulator: the cluster's simulators
  // process is the installers of both layouts (2 s on site), so each visit is reported once.
  const single = spawnWorker(
    state.temporalAddress,
    dataDir,
    { ...env, ...clusterEnv(state) },
    path.join(dataDir, 'single-worker.log'),
  );
  let n = 0;
  const place = async (prefix: string): Promise<{ state: string; ms: number }> => {
    const started = Date.now();
    const handle = await submitProductOrder(
      client,
      {
        externalId: `TOPO-${prefix}-${++n}`,
        customerId: 'CUST-1005',
        items: [
          { id: '1', productOfferingId: 'PO-FIBRE-BIZ', region: REGION, characteristics: { bandwidthMbps: 1000 } },
        ],
        timings: TIMINGS,
      },
      { taskQueuePrefix: prefix },
    );
    const outcome = await handle.result().then(
      (o) => o.state as string,
      (err: unknown) => (err instanceof WorkflowFailedError ? 'workflowFailed' : Promise.reject(err)),
    );
    return { state: outcome, ms: Date.now() - started };
  };
  const burst = async (prefix: string, count: number) => {
    const t0 = Date.now();
    const done = await Promise.all(Array.from({ length: count }, () => place(prefix)));
    return {
      perSecond: count / ((Date.now() - t0) / 1000),
      completed: done.filter((d) => d.state === 'completed').length,
    };
  };
  try {
    await waitForPollers(client, PREFIX_ONE, single);
    say('warm-up');
    await burst('etom', batch / 2);
    await burst(PREFIX_ONE, batch / 2);
    const split: number[] = [];
    const one: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Interleaved, the order of the two swapped each round.
      const pair = r % 2 === 0 ? (['etom', PREFIX_ONE] as const) : ([PREFIX_ONE, 'etom'] as const);
      for (const prefix of pair) {
        const b = await burst(prefix, batch);
        (prefix === 'etom' ? split : one).push(b.perSecond);
        say(
          `round ${r + 1}: ${prefix === 'etom' ? 'a process per layer' : 'one process'} ${b.perSecond.toFixed(2)} orders/s`,
        );
      }
    }
    single.kill('SIGTERM');

    say(`${orders} orders, one RM&O worker killed by SIGKILL a third of the way`);
    const rmo = state.processes.filter((p) => p.role.startsWith('worker-rmo-'));
    let finished = 0;
    let killedAt: number | undefined;
    const t0 = Date.now();
    const results = await Promise.all(
      Array.from({ length: orders }, async () => {
        const r = await place('etom');
        if (++finished === Math.floor(orders / 3) && killedAt === undefined) {
          process.kill(rmo[0]!.pid, 'SIGKILL');
          killedAt = Date.now();
        }
        return r;
      }),
    );
    const seconds = (Date.now() - t0) / 1000;
    const byState: Record<string, number> = {};
    for (const r of results) byState[r.state] = (byState[r.state] ?? 0) + 1;
    const audit = await runAudit({
      client,
      reads: store.reads,
      scope: { taskQueuePrefix: 'etom', limit: orders * 8 },
      workflowBundle: { code: (await bundleWorkflows()).code },
    });
    // Both dialects: a named derived table, the count read with Number (PostgreSQL's is text).
    const [twice] = await store.reads.rows(
      `SELECT count(*) AS n FROM (SELECT resource_id FROM resource_state_history
       WHERE to_state = 'reserved' GROUP BY resource_id, reservation_id HAVING count(*) > 1) AS twice`,
    );
    const doubleAllocated = Number(twice?.['n']);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const result = {
      scenario: 'topology',
      store: state.store.kind,
      throughput: {
        processPerLayerPerSecond: Number(median(split).toFixed(2)),
        oneProcessPerSecond: Number(median(one).toFixed(2)),
        ratio: Number((median(split) / median(one)).toFixed(2)),
        rounds,
        batch,
      },
      kill: {
        orders,
        terminal: results.filter((r) => ['completed', 'failed', 'rejected', 'cancelled'].includes(r.state)).length,
        byState,
        killedRmoWorkerGone: !alive(rmo[0]!.pid),
        seconds: Number(seconds.toFixed(1)),
        killedAfterSeconds: killedAt ? Number(((killedAt - t0) / 1000).toFixed(1)) : null,
      },
      audit: {
        violations: audit.violations.length,
        details: audit.violations.slice(0, 10).map((v) => `${v.check}: ${v.subject}`),
        historiesReplayed: audit.replayed,
        retriesAbsorbed: audit.retries,
        doubleAllocated,
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    if (single.exitCode === null) single.kill('SIGKILL');
    await connection.close();
    await store.close();
    await clusterDown(cfg, say, env);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The cluster's enterprise store, as the bench reads it (the audit, the reservations made
 * twice), with room for `capacity` orders in the bench region: the PostgreSQL database of
 * `etom cluster up` through its URL (`etom cluster env`'s), or the data dir's SQLite file.
 */
async function openBenchStore(
  state: ClusterState,
  dataDir: string,
  capacity: number,
): Promise<{ reads: AuditReads; close(): Promise<void> }> {
  const url = clusterEnv(state)['ETOM_STORE_URL'];
  if (state.store.kind === 'postgres') {
    if (!url) throw new Error('the cluster store is not one of its own databases: no URL to read it');
    const pool = openPool(url, 4);
    await addCapacityPostgres(pool, capacity);
    return { reads: postgresAuditReads(pool), close: () => pool.end() };
  }
  const store = createSqliteStore({ filename: path.join(dataDir, 'etom.db'), installedBase: true });
  addCapacity(store.db, capacity);
  return { reads: sqliteAuditReads(store.db), close: async () => store.close() };
}

function spawnWorker(address: string, dataDir: string, env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const out = fs.openSync(log, 'a');
  const child = spawn(process.execPath, [path.resolve(__dirname, '../bin/etom.cjs'), 'worker', '--no-simulators'], {
    env: {
      ...env,
      TEMPORAL_ADDRESS: address,
      ETOM_DATA_DIR: dataDir,
      ETOM_TASK_QUEUE_PREFIX: PREFIX_ONE,
    },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  return child;
}

async function waitForPollers(client: Client, prefix: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + 180_000;
  for (const layer of LAYERS) {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the single worker exited (${child.exitCode})`);
      const res = await client.workflowService
        .describeTaskQueue({
          namespace: client.options.namespace,
          taskQueue: { name: taskQueueFor(layer, prefix) },
          taskQueueType: 2,
        })
        .catch(() => undefined);
      if (res?.pollers?.length) break;
      if (Date.now() > until) throw new Error(`no worker polls ${taskQueueFor(layer, prefix)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
