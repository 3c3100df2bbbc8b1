import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createSqliteStore } from '../src/adapters/sqlite';
import { startBenchInstallers } from './installers';
import type { Db } from '../src/adapters/sqlite/database';
import { inTransaction, type Pool } from '../src/adapters/postgres/database';
import { DEMO_TIMINGS } from '../src/domain/fulfilment/timings';
import { submitProductOrder } from '../src/fulfilment/submit';
import { LAYERS, taskQueueFor } from '../src/layers';
import { Worker } from '@temporalio/worker';
import { createActivitiesByLayer } from '../activities';
import { runWorkers } from '../src/temporal/workers';
import { startBenchCluster } from './cluster';
import type { TreeShape } from './bare/tree';
import { type Summary, summarize } from './stats';
import { type Run, runSingleOrders } from './fulfilment-latency';
import { benchWorkerOptions, describeBenchOptions } from './options';
import { type LifecycleRun, type OrderKind, lifecycleOrders, parseMix } from './fulfilment-mix';

export const REGION = 'BNC';

/** A benchmark region with room for `orders` fibre orders: ports, VLANs, routers, /29s, a technician. */
function capacityRows(orders: number): { resources: (string | null)[][]; technician: string[] } {
  const at = new Date().toISOString();
  const resources: (string | null)[][] = [
    [`NODE-${REGION}`, 'RS-NODE', 'node', 'bench node', REGION, `${REGION}-CO1`, null, '{}', at],
    [`CARD-${REGION}`, 'RS-CARD', 'card', 'bench card', REGION, `${REGION}-CO1`, `NODE-${REGION}`, '{}', at],
  ];
  for (let i = 0; i < orders; i++) {
    const cidr = `10.${Math.floor(i / 32)}.${(i % 32) * 8}.0/29`;
    resources.push(
      [
        `PORT-${REGION}-${i}`,
        'RS-ACCESS-PORT',
        'port',
        `bench port ${i}`,
        REGION,
        `${REGION}-CO1`,
        `CARD-${REGION}`,
        '{"speedMbps":1000}',
        at,
      ],
      [
        `VLAN-${REGION}-${i}`,
        'RS-VLAN',
        'vlan',
        `VLAN ${1000 + i}`,
        REGION,
        null,
        null,
        JSON.stringify({ vlanId: 1000 + i }),
        at,
      ],
      [
        `CPE-${REGION}-${i}`,
        'RS-CPE-ROUTER',
        'cpe',
        `bench router ${i}`,
        REGION,
        `${REGION}-WH`,
        null,
        '{"model":"BR-4200"}',
        at,
      ],
      [`IP-${REGION}-${i}`, 'RS-IPV4-29', 'ip-range', cidr, REGION, null, null, JSON.stringify({ cidr }), at],
    );
  }
  return { resources, technician: [`TECH-${REGION}`, REGION] };
}

const INSERT_RESOURCE = `INSERT INTO resources (id, spec_id, resource_type, name, region, site, parent_id, attributes, state, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'available', ?)`;
const INSERT_TECHNICIAN = `INSERT INTO technicians (id, name, region, skills) VALUES (?, 'Bench Technician', ?, '["fibre","cpe"]')`;

/** The benchmark region (`capacityRows`) in the SQLite store. */
export function addCapacity(db: Db, orders: number): void {
  const { resources, technician } = capacityRows(orders);
  const ins = db.prepare(INSERT_RESOURCE);
  db.transaction(() => {
    for (const row of resources) ins.run(...row);
    db.prepare(INSERT_TECHNICIAN).run(...technician);
  })();
}

/** The same region in the PostgreSQL store (the cluster topology's default, #14): the same rows, `$n` placeholders. */
export async function addCapacityPostgres(pool: Pool, orders: number): Promise<void> {
  const { resources, technician } = capacityRows(orders);
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  await inTransaction(pool, async (tx) => {
    for (const row of resources) await tx.query(numbered(INSERT_RESOURCE), row);
    await tx.query(numbered(INSERT_TECHNICIAN), technician);
  });
}

/** The shape of a real flow, read from its histories: activities per workflow, children per queue. */
async function shapeOf(client: Client, workflowId: string, runId?: string): Promise<TreeShape> {
  const handle = client.workflow.getHandle(workflowId, runId);
  const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
  let activities = 0;
  const children: TreeShape[] = [];
  for (const e of history.events ?? []) {
    if (e.activityTaskScheduledEventAttributes) activities++;
    const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (child?.workflowId) children.push(await shapeOf(client, child.workflowId, child.runId ?? undefined));
  }
  return { taskQueue: description.taskQueue, activities, children };
}

const countActivities = (s: TreeShape): number => s.activities + s.children.reduce((n, c) => n + countActivities(c), 0);
const countWorkflows = (s: TreeShape): number => 1 + s.children.reduce((n, c) => n + countWorkflows(c), 0);

const intOption = (value: string | undefined, fallback: number, name: string) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
  return n;
};

/**
 * `npm run bench -- fulfilment`: N business fibre orders through CRM → SM&O → RM&O, against
 * a bare tree of the same shape (same workflows on the same layer queues, same number of
 * activities, each a no-op), on the same server and the same workers, interleaved round by
 * round after a warm-up.
 */
export async function runFulfilmentBench(opts: Record<string, string | undefined>): Promise<void> {
  const concurrency = opts['concurrency'] === undefined ? undefined : intOption(opts['concurrency'], 1, 'concurrency');
  const orders = concurrency === undefined ? intOption(opts['orders'], 16, 'orders') : 1;
  const rounds = intOption(opts['rounds'], 3, 'rounds');
  const mix = concurrency === undefined ? parseMix(opts['mix']) : (['add'] as const);
  const profile = opts['profile'] !== undefined;
  // The store needs capacity for every order of either mode.
  const capacity = concurrency === undefined ? orders * (rounds + 1) : intOption(opts['orders'], 30, 'orders') + 2;
  const say = (line: string) => process.stderr.write(`${line}\n`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-bench-'));
  const cluster = await startBenchCluster(dir, say);
  const { client, native, workflowBundle } = cluster;
  const store = createSqliteStore({ filename: path.join(dir, 'etom.db') });
  addCapacity(store.db, capacity);
  const installers = startBenchInstallers(store, client);
  say(describeBenchOptions());
  const prefix = 'bench';
  const activities = createActivitiesByLayer(store.ports);
  // Same worker options for both: the same workers serve the real and the bare flows.
  const workers = await Promise.all(
    LAYERS.map((layer) =>
      Worker.create({
        connection: native,
        namespace: cluster.namespace,
        taskQueue: taskQueueFor(layer, prefix),
        workflowBundle,
        activities: { ...activities[layer], noop: async () => undefined },
        ...benchWorkerOptions(),
      }),
    ),
  );

  let seq = 0;
  const nextId = () => `BENCH-${process.pid}-${++seq}`;
  const realOrder = async (): Promise<Run> => {
    const t0 = performance.now();
    const handle = await submitProductOrder(
      client,
      {
        externalId: nextId(),
        customerId: 'CUST-1005',
        items: [
          { id: '1', productOfferingId: 'PO-FIBRE-BIZ', region: REGION, characteristics: { bandwidthMbps: 1000 } },
        ],
        timings: DEMO_TIMINGS,
      },
      { taskQueuePrefix: prefix },
    );
    const outcome = await handle.result();
    if (outcome.state !== 'completed')
      throw new Error(`bench order ${handle.workflowId} ended ${outcome.state}: ${outcome.reason}`);
    return { ms: performance.now() - t0, workflowId: handle.workflowId };
  };
  const chain = lifecycleOrders({
    client,
    taskQueuePrefix: prefix,
    customerId: 'CUST-1005',
    region: REGION,
    mix,
    nextId,
  });

  try {
    await runWorkers(
      workers,
      (async () => {
        // The customer must be able to afford every order of the run.
        store.db
          .prepare("UPDATE credit_profiles SET credit_limit_minor = 1000000000 WHERE customer_id = 'CUST-1005'")
          .run();
        say('warm-up…');
        // One product's life in the mix (only the add with --concurrency), its shapes read back.
        const warm = concurrency === undefined ? await chain() : [{ ...(await realOrder()), kind: 'add' as const }];
        const shapes = new Map<OrderKind, TreeShape>();
        for (const r of warm) shapes.set(r.kind, await shapeOf(client, r.workflowId));
        const shape = shapes.get('add')!;
        const bareOne = async (s: TreeShape, kind: OrderKind): Promise<LifecycleRun> => {
          const t0 = performance.now();
          const workflowId = `BARE-${process.pid}-${++seq}`;
          await client.workflow.execute('bareTree', { taskQueue: s.taskQueue, workflowId, args: [s] });
          return { kind, ms: performance.now() - t0, workflowId };
        };
        const bare = () => bareOne(shape, 'add');
        // The bare side runs the same chain: a tree of each order's shape, one after the other.
        const bareChain = async () => {
          const runs: LifecycleRun[] = [];
          for (const [kind, s] of shapes) runs.push(await bareOne(s, kind));
          return runs;
        };
        await bareChain();
        const perOrder = [...shapes.values()].reduce((n, s) => n + countActivities(s), 0) / shapes.size;
        for (const [kind, s] of shapes)
          say(`one ${kind} order = ${countWorkflows(s)} workflows and ${countActivities(s)} activities`);
        const flow = { client, realOrder, bare, shape, perOrder, say };
        if (concurrency !== undefined) await runSingleOrders(flow, { orders: opts['orders'], concurrency, profile });
        else await runThroughput({ chain, bareChain, perOrder, say, mix }, orders, rounds);
      })(),
    );
  } finally {
    // A failed order still stops the server and the store, or the process would hang on them.
    await installers.stop();
    await cluster.close();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The default mode: rounds of `orders` orders at once against as many bare trees, for throughput
 * and p95. With the mix, the orders are chains of a product's life (orders ÷ kinds chains).
 */
async function runThroughput(
  flow: {
    chain(): Promise<LifecycleRun[]>;
    bareChain(): Promise<LifecycleRun[]>;
    perOrder: number;
    say(line: string): void;
    mix: readonly OrderKind[];
  },
  orders: number,
  rounds: number,
): Promise<void> {
  const { chain, bareChain, perOrder, say, mix } = flow;
  const chains = Math.max(1, Math.round(orders / mix.length));
  say(`${chains * mix.length} orders (${chains} × ${mix.join(', ')}) × ${rounds} rounds`);

  const batch = async (one: () => Promise<LifecycleRun[]>) => {
    const t0 = performance.now();
    const runs = (await Promise.all(Array.from({ length: chains }, one))).flat();
    return { runs, seconds: (performance.now() - t0) / 1000 };
  };
  const real: LifecycleRun[] = [];
  const bareRuns: LifecycleRun[] = [];
  let realSeconds = 0;
  let bareSeconds = 0;
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always meets a warmer server.
    const order = r % 2 === 0 ? (['etom', 'bare'] as const) : (['bare', 'etom'] as const);
    const rates: Record<string, number> = {};
    for (const which of order) {
      const run = await batch(which === 'etom' ? chain : bareChain);
      (which === 'etom' ? real : bareRuns).push(...run.runs);
      if (which === 'etom') realSeconds += run.seconds;
      else bareSeconds += run.seconds;
      rates[which] = run.runs.length / run.seconds;
    }
    say(`round ${r + 1}: etom ${rates['etom']!.toFixed(2)} orders/s, bare ${rates['bare']!.toFixed(2)} trees/s`);
  }
  const ms = (runs: LifecycleRun[]) => runs.map((x) => x.ms);
  const e = summarize(ms(real), realSeconds, perOrder * real.length);
  const b = summarize(ms(bareRuns), bareSeconds, perOrder * bareRuns.length);
  // Each kind's p95 beside its bare tree's: a change order is not an add.
  const byKind = Object.fromEntries(
    mix.map((k) => {
      const ek = summarize(ms(real.filter((x) => x.kind === k)), realSeconds, 0);
      const bk = summarize(ms(bareRuns.filter((x) => x.kind === k)), bareSeconds, 0);
      return [k, { etomP95Ms: ek.p95Ms, bareP95Ms: bk.p95Ms, p95Ratio: ek.p95Ms / bk.p95Ms }];
    }),
  );
  report(e, b, mix, byKind);
}

function report(
  etom: Summary,
  bare: Summary,
  mix: readonly OrderKind[],
  byKind: Record<string, { etomP95Ms: number; bareP95Ms: number; p95Ratio: number }>,
): void {
  const row = (name: string, s: Summary) =>
    `${name.padEnd(6)} ${s.perSecond.toFixed(2).padStart(8)} ${s.activitiesPerSecond.toFixed(1).padStart(12)} ${s.p50Ms.toFixed(0).padStart(8)} ${s.p95Ms.toFixed(0).padStart(8)}`;
  const lines = [
    '',
    `${'flow'.padEnd(6)} ${'orders/s'.padStart(8)} ${'activities/s'.padStart(12)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`,
    row('etom', etom),
    row('bare', bare),
    '',
    `throughput ratio etom/bare: ${(etom.perSecond / bare.perSecond).toFixed(2)} (goal ≥ 0.80)`,
    `p95 ratio etom/bare:        ${(etom.p95Ms / bare.p95Ms).toFixed(2)} (goal ≤ 1.25)`,
    ...Object.entries(byKind).map(
      ([k, v]) =>
        `  ${k.padEnd(7)} p95 ${v.etomP95Ms.toFixed(0)} ms vs bare ${v.bareP95Ms.toFixed(0)} ms: ${v.p95Ratio.toFixed(2)}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ scenario: 'fulfilment', mix, etom, bare, byKind, throughputRatio: etom.perSecond / bare.perSecond, p95Ratio: etom.p95Ms / bare.p95Ms })}\n`,
  );
}
