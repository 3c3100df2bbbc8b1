import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import Fastify, { type FastifyInstance } from 'fastify';
import { createSqliteStore } from '../src/adapters/sqlite';
import { startBenchInstallers } from './installers';
import { loadApiConfig } from '../src/api/config';
import { createApiServer, listen } from '../src/api/server';
import { parseTokens } from '../src/api/tokens';
import { CATALOG } from '../src/catalog';
import { dashboardApi } from '../src/dashboard';
import { FLOW_KINDS, type FlowKind } from '../src/dashboard/flows';
import { sampleOrders } from '../src/demo/fulfilment';
import { submitProductOrder } from '../src/fulfilment/submit';
import { taskQueueFor } from '../src/layers';
import type { Ports } from '../src/ports';
import type { ProcessRunEvent } from '../src/ports/process-runs';
import { createLayerWorkers, runWorkers } from '../src/temporal/workers';
import { fmt, intOption, loadProcess } from './api';
import { startBenchCluster } from './cluster';
import { percentile } from './stats';

const TOKEN = 'bench-dashboard-token-0123456789';
/** The seeded flows' queues: the dashboard server lists this prefix's flows. */
const SEEDED = 'bench';
/** The real layer workers' queues, for the one real order whose trace is read. */
const REAL = 'benchreal';
const CONNECTIONS = 4;
const GOAL_P95_MS = 200;
const KINDS = Object.keys(FLOW_KINDS) as FlowKind[];
const CUSTOMERS = ['CUST-1001', 'CUST-1002', 'CUST-1003', 'CUST-1004', 'CUST-1005', 'CUST-1006'];
const STATES = ['completed', 'completed', 'completed', 'closed', 'resolved', 'rejected', 'failed'];
const RUNS_PER_FLOW = 10;
const QUIET = Object.fromEntries(['trace', 'debug', 'info', 'warn', 'error'].map((level) => [level, { fn() {} }]));

/** `count` closed flows of the four kinds, started on the seeded queues, 64 at a time, and waited for. */
async function seedFlows(client: Client, count: number, say: (line: string) => void): Promise<void> {
  let next = 0;
  const startOne = async (i: number) => {
    const kind = KINDS[i % KINDS.length]!;
    const state = STATES[i % STATES.length]!;
    await client.workflow.start(FLOW_KINDS[kind], {
      workflowId: `SEED-${kind.toUpperCase()}-${String(i).padStart(5, '0')}`,
      taskQueue: taskQueueFor(kind === 'problem' ? 'smo' : 'crm', SEEDED),
      args: [state === 'failed'],
      typedSearchAttributes: [
        { key: { name: 'EtomState', type: 'KEYWORD' }, value: state },
        { key: { name: 'EtomLayer', type: 'KEYWORD' }, value: kind === 'problem' ? 'SM&O' : 'CRM' },
        { key: { name: 'EtomCustomerId', type: 'KEYWORD' }, value: CUSTOMERS[i % CUSTOMERS.length]! },
      ],
    });
  };
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < count) await startOne(next++);
    }),
  );
  const closed = `TaskQueue IN ('${taskQueueFor('crm', SEEDED)}', '${taskQueueFor('smo', SEEDED)}') AND ExecutionStatus != 'Running'`;
  for (;;) {
    const { count: done } = await client.workflow.count(closed);
    if (done >= count) return;
    say(`  ${done} of ${count} flows closed…`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** RUNS_PER_FLOW process runs per seeded flow, through the port as the workers write them, in batches. */
async function seedRuns(ports: Pick<Ports, 'processRuns'>, count: number): Promise<number> {
  const level3 = CATALOG.filter((p) => p.level === 3).map((p) => p.id);
  const t0 = Date.now() - count * 1000;
  let batch: ProcessRunEvent[] = [];
  let runs = 0;
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const root = `SEED-${kind.toUpperCase()}-${String(i).padStart(5, '0')}`;
    for (let k = 0; k < RUNS_PER_FLOW; k++) {
      const run = {
        etomId: level3[(i * 7 + k * 13) % level3.length]!,
        // The first run is the root's own: it names the flow's type.
        workflowId: k === 0 ? root : `${root}/child-${k % 3}`,
        runId: 'seed',
        workflowType: k === 0 ? FLOW_KINDS[kind] : 'serviceOrder',
        rootWorkflowId: root,
        activityId: String(k),
        attempt: 1,
        startedAt: new Date(t0 + i * 1000 + k * 10).toISOString(),
      };
      batch.push({ kind: 'start', ...run });
      batch.push({
        kind: 'end',
        ...run,
        outcome: (i + k) % 23 === 0 ? 'failed' : 'completed',
        durationMs: (i * 31 + k * 97) % 2000,
      });
      runs++;
    }
    if (batch.length >= 10_000) {
      await ports.processRuns.record(batch);
      batch = [];
    }
  }
  await ports.processRuns.record(batch);
  return runs;
}

/** The bare baselines: the same Fastify returning a fixed JSON (the map's), and one visibility page as it comes. */
function createBareServer(client: Client, fixed: unknown): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/bare/json', async () => fixed);
  app.get('/bare/list', async () => {
    const res = await client.workflowService.listWorkflowExecutions({
      namespace: client.options.namespace,
      query: `WorkflowType = 'productOrder'`,
      pageSize: 50,
    });
    return { count: res.executions.length };
  });
  return app;
}

interface Target {
  name: string;
  url: string;
  latencies: number[];
  requests: number;
  seconds: number;
}

/**
 * `npm run bench -- dashboard`: the dashboard's data endpoints over `--orders` (10,000) closed
 * flows in Temporal's visibility and their process runs in the store (RUNS_PER_FLOW each), plus
 * one real fibre order for the trace (kept once read, the order having ended; and read from its
 * histories each time, with the steps' payloads, on a server that keeps none); autocannon from its own process, CONNECTIONS at a time,
 * `--seconds` per run, each endpoint beside its bare baseline, interleaved over `--rounds` after
 * a warm-up. Goal: every endpoint's p95 under 200 ms.
 */
export async function runDashboardBench(opts: Record<string, string | undefined>): Promise<void> {
  const flows = intOption(opts['orders'], 10_000, 'orders');
  const rounds = intOption(opts['rounds'], 3, 'rounds');
  const seconds = intOption(opts['seconds'], 4, 'seconds');
  const say = (line: string) => process.stderr.write(`${line}\n`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-bench-dash-'));
  const cluster = await startBenchCluster(dir, say);
  const { client, native, workflowBundle } = cluster;
  const store = createSqliteStore({ filename: path.join(dir, 'etom.db') });
  const installers = startBenchInstallers(store, client);
  say('bundling the seeded flows…');
  const seededBundle = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, 'dashboard-flows.ts'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: say, error: say },
  });
  const seedWorkers = await Promise.all(
    (['crm', 'smo'] as const).map((layer) =>
      Worker.create({
        connection: native,
        namespace: cluster.namespace,
        taskQueue: taskQueueFor(layer, SEEDED),
        workflowBundle: seededBundle,
        maxConcurrentWorkflowTaskExecutions: 100,
        // The seeded failures are on purpose: their workflow log lines (a stack each) are dropped.
        sinks: { defaultWorkerLogger: QUIET } as never,
      }),
    ),
  );
  const layerWorkers = await createLayerWorkers({
    connection: native,
    namespace: cluster.namespace,
    ports: store.ports,
    taskQueuePrefix: REAL,
    workflowBundle,
  });
  const api = await createApiServer({
    client,
    ports: store.ports,
    tokens: parseTokens(TOKEN),
    tmfDir: loadApiConfig({}).tmfDir,
    taskQueuePrefix: SEEDED,
  });
  const apiAddress = await listen(api, '127.0.0.1', 0);
  const headers = { authorization: `Bearer ${TOKEN}` };
  const load = loadProcess();
  let bare: FastifyInstance | undefined;
  let uncached: FastifyInstance | undefined;

  try {
    await runWorkers(
      [...seedWorkers, ...layerWorkers],
      (async () => {
        let t0 = performance.now();
        await seedFlows(client, flows, say);
        say(`${flows} flows closed in ${fmt((performance.now() - t0) / 1000)} s`);
        t0 = performance.now();
        const runs = await seedRuns(store.ports, flows);
        say(`${runs} process runs recorded in ${fmt((performance.now() - t0) / 1000)} s`);

        const [fibre] = sampleOrders(new Date().toISOString().replace(/\D/g, '').slice(2, 14));
        await submitProductOrder(client, fibre!, { taskQueuePrefix: REAL });
        for (;;) {
          const d = await client.workflow.getHandle(fibre!.externalId).describe();
          if (d.typedSearchAttributes.get({ name: 'EtomState', type: 'KEYWORD' }) === 'completed') break;
          await new Promise((r) => setTimeout(r, 500));
        }
        say(`real order ${fibre!.externalId} completed`);

        const map: unknown = await (await fetch(`${apiAddress}/dashboard/api/map`, { headers })).json();
        bare = createBareServer(client, map);
        const bareAddress = await listen({ app: bare, specs: {} }, '127.0.0.1', 0);
        // The same routes with no trace kept: what the first read of a flow's trace costs.
        uncached = Fastify({ logger: false });
        await dashboardApi(uncached, {
          client,
          ports: store.ports,
          tokens: parseTokens(TOKEN),
          taskQueuePrefix: SEEDED,
          traceCacheSize: 0,
        });
        const uncachedAddress = await listen({ app: uncached, specs: {} }, '127.0.0.1', 0);
        const target = (name: string, url: string): Target => ({ name, url, latencies: [], requests: 0, seconds: 0 });
        const dash = `${apiAddress}/dashboard/api`;
        const t = {
          map: target('GET /map', `${dash}/map`),
          process: target('GET /processes/1.F.3.2.2', `${dash}/processes/1.F.3.2.2`),
          flows: target('GET /flows (all, 50)', `${dash}/flows`),
          search: target('GET /flows?kind&state&q', `${dash}/flows?kind=order&state=completed&q=CUST-1001`),
          trace: target('GET /flows/{id}/trace', `${dash}/flows/${fibre!.externalId}/trace`),
          traceRead: target(
            'the same, histories read each time',
            `${uncachedAddress}/dashboard/api/flows/${fibre!.externalId}/trace?payloads=1`,
          ),
          bareJson: target('bare GET (fixed JSON)', `${bareAddress}/bare/json`),
          bareList: target('bare GET (one visibility page)', `${bareAddress}/bare/list`),
        };
        const measure = async (x: Target, record: boolean, scale = 1) => {
          const r = await load.run({
            url: x.url,
            method: 'GET',
            headers,
            connections: CONNECTIONS,
            seconds: Math.max(1, Math.round(seconds * scale)),
          });
          const wrong = Object.entries(r.statuses).filter(([s]) => s !== '200');
          if (wrong.length) throw new Error(`${x.name}: answers ${JSON.stringify(r.statuses)}, expected 200`);
          if (!record) return;
          for (const l of r.latencies) x.latencies.push(l);
          x.requests += r.latencies.length;
          x.seconds += r.seconds;
        };
        say('warm-up…');
        for (const x of Object.values(t)) await measure(x, false, 0.4);
        const pairs: Array<[Target, Target]> = [
          [t.map, t.bareJson],
          [t.process, t.bareJson],
          [t.flows, t.bareList],
          [t.search, t.bareList],
          [t.trace, t.bareJson],
          [t.traceRead, t.bareList],
        ];
        for (let round = 0; round < rounds; round++) {
          say(`round ${round + 1}/${rounds}`);
          for (const [a, b] of pairs) for (const x of round % 2 === 0 ? [a, b] : [b, a]) await measure(x, true);
        }
        report(t, pairs, flows, runs);
      })(),
    );
  } finally {
    load.close();
    await bare?.close();
    await installers.stop();
    await uncached?.close();
    await api.app.close();
    await cluster.close();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function report(t: Record<string, Target>, pairs: Array<[Target, Target]>, flows: number, runs: number): void {
  const fig = (x: Target) => {
    const sorted = [...x.latencies].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), rps: x.requests / x.seconds, count: x.requests };
  };
  const row = (name: string, f: ReturnType<typeof fig>, extra = '') =>
    `${name.padEnd(32)} ${fmt(f.p50).padStart(8)} ${fmt(f.p95).padStart(8)} ${fmt(f.rps).padStart(8)} ${String(f.count).padStart(7)}${extra}`;
  const out = [
    `${flows} closed flows, ${runs} process runs; ${CONNECTIONS} connections`,
    `${'measure'.padEnd(32)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'req/s'.padStart(8)} ${'count'.padStart(7)}  p95 ratio to bare, goal`,
  ];
  const endpoints = pairs.map(([a, b]) => {
    const f = fig(a);
    const base = fig(b);
    const met = f.p95 < GOAL_P95_MS;
    out.push(
      row(a.name, f, `  ${fmt(f.p95 / base.p95, 2)} × ${b.name}; p95 < ${GOAL_P95_MS} ms ${met ? 'met' : 'MISSED'}`),
    );
    return { name: a.name, ...f, baseline: b.name, p95Ratio: f.p95 / base.p95, met };
  });
  const baselines = [t['bareJson']!, t['bareList']!].map((b) => ({ name: b.name, ...fig(b) }));
  for (const b of baselines) out.push(row(b.name, b));
  process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ scenario: 'dashboard', flows, runs, connections: CONNECTIONS, endpoints, baselines })}\n`,
  );
}
