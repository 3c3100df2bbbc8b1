import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { createActivitiesByLayer } from '../activities';
import { createSqliteStore } from '../src/adapters/sqlite';
import { startBenchInstallers } from './installers';
import { loadApiConfig } from '../src/api/config';
import { createApiServer, listen } from '../src/api/server';
import { parseTokens } from '../src/api/tokens';
import { LAYERS, taskQueueFor } from '../src/layers';
import { runWorkers } from '../src/temporal/workers';
import { BARE_QUEUE, createBareServer, seedOrders } from './api-baseline';
import type { LoadJob, LoadResult } from './api-load';
import { startBenchCluster } from './cluster';
import { benchWorkerOptions, describeBenchOptions } from './options';
import { percentile } from './stats';

const TOKEN = 'bench-api-token-0123456789';
const BASE = '/tmf-api/productOrderingManagement/v4';
const CONNECTIONS = 10;
/** A minimal valid TMF622 order, new each request; its offering is unknown, so Order Handling soon rejects it. */
const ORDER_BODY = JSON.stringify({
  externalId: 'BENCH-[<id>]',
  productOrderItem: [
    {
      id: '1',
      action: 'add',
      productOffering: { id: 'PO-BENCH-NONE' },
      product: { place: [{ id: 'BNC', role: 'installationAddress' }] },
    },
  ],
  relatedParty: [{ id: 'CUST-1005', role: 'customer', '@referredType': 'Customer' }],
});

interface Target {
  name: string;
  job: Omit<LoadJob, 'seconds' | 'amount'>;
  expect: number;
  latencies: number[];
  requests: number;
  seconds: number;
}

export const intOption = (value: string | undefined, fallback: number, name: string) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
  return n;
};

/** The forked load process: one job at a time. */
export function loadProcess() {
  const child: ChildProcess = fork(path.join(__dirname, 'api-load.ts'), [], {
    execArgv: ['--require', require.resolve('tsx/cjs')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const run = (job: LoadJob) =>
    new Promise<LoadResult>((resolve, reject) => {
      child.once('message', (m: { result?: LoadResult; error?: string }) =>
        m.result ? resolve(m.result) : reject(new Error(`load: ${m.error}`)),
      );
      child.send(job);
    });
  return { run, close: () => child.kill() };
}

export const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/**
 * `npm run bench -- api`: the TMF622 API server in front of the layer workers, over a store of
 * `--orders` (10,000) product orders, against a bare Fastify server on the same client (a plain
 * route with one order's JSON; a route that starts a trivial workflow), on loopback. autocannon
 * drives each from its own process, CONNECTIONS at a time, interleaved round by round after a
 * warm-up: GETs for `--seconds` each, POSTs `--requests` each.
 */
export async function runApiBench(opts: Record<string, string | undefined>): Promise<void> {
  const stored = intOption(opts['orders'], 10_000, 'orders');
  const rounds = intOption(opts['rounds'], 3, 'rounds');
  const seconds = intOption(opts['seconds'], 8, 'seconds');
  const posts = intOption(opts['requests'], 300, 'requests');
  const say = (line: string) => process.stderr.write(`${line}\n`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-bench-'));
  const cluster = await startBenchCluster(dir, say);
  const { client, native, workflowBundle } = cluster;
  const store = createSqliteStore({ filename: path.join(dir, 'etom.db') });
  const installers = startBenchInstallers(store, client);
  say(describeBenchOptions());
  const t0 = performance.now();
  const ids = await seedOrders(store.db, store.ports, stored);
  say(`${stored} orders stored in ${fmt((performance.now() - t0) / 1000)} s`);
  const prefix = 'bench';
  const activities = createActivitiesByLayer(store.ports);
  const workerOf = (taskQueue: string, acts: object) =>
    Worker.create({
      connection: native,
      namespace: cluster.namespace,
      taskQueue,
      workflowBundle,
      activities: acts,
      ...benchWorkerOptions(),
    });
  const workers = await Promise.all([
    ...LAYERS.map((layer) => workerOf(taskQueueFor(layer, prefix), activities[layer])),
    workerOf(BARE_QUEUE, { noop: async () => undefined }),
  ]);
  const api = await createApiServer({
    client,
    ports: store.ports,
    tokens: parseTokens(TOKEN),
    tmfDir: loadApiConfig({}).tmfDir,
    taskQueuePrefix: prefix,
  });
  const apiAddress = await listen(api, '127.0.0.1', 0);
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const oneId = ids[Math.floor(ids.length / 2)]!;
  // PATHS[5] leaves an order inProgress: an open order, which every GET reads from the store.
  const openId = ids[Math.floor(ids.length / 2) + 5]!;
  const oneOrder: unknown = await (await fetch(`${apiAddress}${BASE}/productOrder/${oneId}`, { headers })).json();
  const bare = await createBareServer(client, oneOrder, store.db);
  const bareAddress = await listen({ app: bare, specs: {} }, '127.0.0.1', 0);
  const load = loadProcess();

  const target = (
    name: string,
    url: string,
    method: 'GET' | 'POST',
    expect: number,
    connections = CONNECTIONS,
  ): Target => ({
    name,
    job: { url, method, headers, connections, ...(method === 'POST' ? { body: ORDER_BODY } : {}) },
    expect,
    latencies: [],
    requests: 0,
    seconds: 0,
  });
  const t = {
    get: target('GET /productOrder/{id}', `${apiAddress}${BASE}/productOrder/${oneId}`, 'GET', 200),
    getOpen: target('GET /productOrder/{id}, an open order', `${apiAddress}${BASE}/productOrder/${openId}`, 'GET', 200),
    bareGet: target('bare GET (stored JSON)', `${bareAddress}/bare/productOrder/${oneId}`, 'GET', 200),
    bareRow: target('bare GET (rows read from the store)', `${bareAddress}/bare/productOrderRow/${oneId}`, 'GET', 200),
    list: target(
      'GET /productOrder?state=inProgress',
      `${apiAddress}${BASE}/productOrder?state=inProgress`,
      'GET',
      200,
    ),
    list1: target('the same list, 1 connection', `${apiAddress}${BASE}/productOrder?state=inProgress`, 'GET', 200, 1),
    post: target('POST /productOrder → 201', `${apiAddress}${BASE}/productOrder`, 'POST', 201),
    barePost: target('bare POST (workflow start)', `${bareAddress}/bare/productOrder`, 'POST', 201),
  };
  const measure = async (x: Target, record: boolean, scale = 1) => {
    const r = await load.run({
      ...x.job,
      ...(x.job.method === 'POST'
        ? { amount: Math.ceil(posts * scale) }
        : { seconds: Math.max(1, Math.round(seconds * scale)) }),
    });
    const wrong = Object.entries(r.statuses).filter(([s]) => Number(s) !== x.expect);
    if (wrong.length) throw new Error(`${x.name}: answers ${JSON.stringify(r.statuses)}, expected ${x.expect}`);
    if (!record) return;
    // One at a time: a spread passes every latency as an argument and overflows the stack past ~100k.
    for (const l of r.latencies) x.latencies.push(l);
    x.requests += r.latencies.length;
    x.seconds += r.seconds;
  };

  try {
    await runWorkers(
      workers,
      (async () => {
        say('warm-up…');
        for (const x of Object.values(t)) await measure(x, false, 0.25);
        const pairs: Array<[Target, Target | undefined]> = [
          [t.get, t.bareGet],
          [t.get, t.bareRow],
          [t.getOpen, t.bareGet],
          [t.list, undefined],
          [t.list1, undefined],
          [t.post, t.barePost],
        ];
        for (let round = 0; round < rounds; round++) {
          say(`round ${round + 1}/${rounds}`);
          for (const [a, b] of pairs) {
            const order = b ? (round % 2 === 0 ? [a, b] : [b, a]) : [a];
            for (const x of order) await measure(x, true);
          }
        }
        report(t);
      })(),
    );
  } finally {
    load.close();
    await bare.close();
    await installers.stop();
    await api.app.close();
    await cluster.close();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Figures {
  p50: number;
  p95: number;
  rps: number;
}

function figures(x: Target): Figures {
  const sorted = [...x.latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), rps: x.requests / x.seconds };
}

/** The table: each measure, its bare counterpart, their ratios and the goals. */
function report(
  t: Record<'get' | 'getOpen' | 'bareGet' | 'bareRow' | 'list' | 'list1' | 'post' | 'barePost', Target>,
): void {
  const { get, getOpen, bareGet, bareRow, list, list1, post, barePost } = Object.fromEntries(
    Object.entries(t).map(([k, x]) => [k, figures(x)]),
  ) as Record<keyof typeof t, Figures>;
  const goals = [
    { goal: 'GET throughput ≥ 0.5 × bare', value: get.rps / bareGet.rps, met: get.rps >= 0.5 * bareGet.rps },
    { goal: 'list p95 < 100 ms', value: list.p95, met: list.p95 < 100 },
    { goal: 'POST p95 ≤ 1.5 × bare start', value: post.p95 / barePost.p95, met: post.p95 <= 1.5 * barePost.p95 },
  ];
  const row = (name: string, f: Figures, n: number) =>
    `${name.padEnd(36)} ${fmt(f.p50).padStart(8)} ${fmt(f.p95).padStart(8)} ${fmt(f.rps).padStart(9)} ${String(n).padStart(7)}`;
  const out = [
    `${'measure'.padEnd(36)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'req/s'.padStart(9)} ${'count'.padStart(7)}`,
    row(t.get.name, get, t.get.requests),
    row(t.getOpen.name, getOpen, t.getOpen.requests),
    row(t.bareGet.name, bareGet, t.bareGet.requests),
    row(t.bareRow.name, bareRow, t.bareRow.requests),
    row(t.list.name, list, t.list.requests),
    row(t.list1.name, list1, t.list1.requests),
    row(t.post.name, post, t.post.requests),
    row(t.barePost.name, barePost, t.barePost.requests),
    '',
    `GET ratios: p50 ${fmt(get.p50 / bareGet.p50, 2)}, p95 ${fmt(get.p95 / bareGet.p95, 2)}, throughput ${fmt(get.rps / bareGet.rps, 2)}`,
    `GET against the store-reading bare route: p50 ${fmt(get.p50 / bareRow.p50, 2)}, p95 ${fmt(get.p95 / bareRow.p95, 2)}, throughput ${fmt(get.rps / bareRow.rps, 2)}`,
    `GET of an open order (read from the store each time): throughput ${fmt(getOpen.rps / bareGet.rps, 2)} × the stored JSON, ${fmt(getOpen.rps / bareRow.rps, 2)} × the store-reading route`,
    `POST ratios: p50 ${fmt(post.p50 / barePost.p50, 2)}, p95 ${fmt(post.p95 / barePost.p95, 2)}, throughput ${fmt(post.rps / barePost.rps, 2)}`,
    ...goals.map((g) => `${g.goal.padEnd(32)} ${fmt(g.value, 2).padStart(8)}  ${g.met ? 'met' : 'MISSED'}`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ scenario: 'api', connections: CONNECTIONS, get, getOpen, bareGet, bareRow, list, list1, post, barePost, goals })}\n`,
  );
}
