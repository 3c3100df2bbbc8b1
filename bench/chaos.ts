import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { createSqliteStore } from '../src/adapters/sqlite';
import { startBenchInstallers } from './installers';
import { runAudit } from '../src/audit';
import { loadConfig } from '../src/config';
import { runAssuranceDemo } from '../src/demo/assurance';
import { runBillingDemo } from '../src/demo/billing';
import type { DemoReporter } from '../src/demo/reporter';
import { DEMO_TIMINGS } from '../src/domain/fulfilment/timings';
import { submitProductOrder } from '../src/fulfilment/submit';
import type { Runtime } from '../src/runtime/embedded';
import { cachedWorkflowBundle } from '../src/temporal/bundle-cache';
import { ensureSearchAttributes, freePort, type RunningTemporal, startTemporal } from '../src/temporal/dev-server';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { SEARCH_ATTRIBUTES } from '../src/temporal/search-attributes';
import { CLIENT_INTERCEPTORS } from '../src/temporal/summaries';
import { startWorkerPool } from './chaos-workers';
import { addCapacity, REGION } from './fulfilment';

export interface ChaosOptions {
  orders: number;
  kills: number;
  /** Share of adapter calls that fail (default 0.3). */
  faultRate?: number;
  /** Share of those failures that come after the call, its write done and its answer lost (default 0). */
  afterShare?: number;
  say?: (line: string) => void;
}

/** What the run ends with: one JSON line. */
export interface ChaosResult {
  scenario: 'chaos';
  orders: { n: number; terminal: number; byState: Record<string, number> };
  /** The tickets, alarm storm, SLA credit and bill cycle that ran beside the orders (the demos' drivers). */
  drivers: Record<string, 'ok' | string>;
  kills: { workers: number; server: number; workerCrashes: number };
  /** Per kill: ms from the SIGKILL until the store was written again, and until the replacement polled. */
  recovery: Array<{ kill: 'worker' | 'server'; progressMs: number; restartMs: number }>;
  audit: {
    violations: number;
    leakedReservations: number;
    duplicatedEffects: number;
    historiesReplayed: number;
    flowsRunning: number;
    details: string[];
  };
  /** Failed activity attempts the flows absorbed (from the histories: each started activity's attempt − 1). */
  retriesAbsorbed: number;
  seconds: number;
}

/**
 * The demo's waits, but holds and a technician's visit that outlast a worker's restart (a killed
 * worker's activities wait out their one-minute timeout): an order is to end as designed, not
 * because its reservation expired while a process was down.
 */
const CHAOS_TIMINGS = { ...DEMO_TIMINGS, reservationHold: '15 minutes', workOrderTimeout: '15 minutes' };

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'rejected', 'partial']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet: DemoReporter = { step: () => undefined, draw: () => undefined };

/** Calls the server may refuse while it restarts: tried again, for up to a minute. */
async function persist<T>(what: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await what();
    } catch (err) {
      if (attempt >= 30 || err instanceof WorkflowFailedError) throw err;
      await sleep(2000);
    }
  }
}

/**
 * `npm run bench -- chaos [--orders N] [--kills K]`: N product orders, the assurance flows
 * (tickets, an alarm storm, an SLA credit) and a bill cycle together, on two `etom worker`
 * processes whose adapter calls fail 30 % of the time; K SIGKILLs of a worker process at
 * random moments and one kill and restart of the Temporal server (same database, same port);
 * then `etom audit` over the whole run.
 */
export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const say = opts.say ?? (() => undefined);
  const t0 = performance.now();
  // A call the gRPC retry interceptor was retrying when the server died may fire its retry on a
  // connection closed since, from a timer, where nothing can catch it: counted, not fatal.
  let closedChannelRetries = 0;
  const onUncaught = (err: Error) => {
    if (err?.message === 'Channel has been shut down') closedChannelRetries++;
    else throw err;
  };
  process.on('uncaughtException', onUncaught);
  installTemporalRuntime();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-chaos-'));
  const cfg = { ...loadConfig(), dataDir: dir, temporalPort: await freePort(), temporalUiPort: 0 };
  const dbFile = path.join(dir, 'temporal.db');
  const startServer = () => startTemporal(cfg, { dbFile, ui: false, log: say });
  let server: RunningTemporal = await startServer();
  const store = createSqliteStore({ filename: path.join(dir, 'etom.db'), installedBase: true });
  addCapacity(store.db, opts.orders);
  // The customer must be able to afford every order of the run.
  store.db.prepare("UPDATE credit_profiles SET credit_limit_minor = 1000000000 WHERE customer_id = 'CUST-1005'").run();
  const connection = await Connection.connect({ address: server.address });
  await ensureSearchAttributes(connection, server.namespace, SEARCH_ATTRIBUTES);
  const client = new Client({ connection, namespace: server.namespace, interceptors: CLIENT_INTERCEPTORS });
  const installers = startBenchInstallers(store, client);
  const prefix = 'chaos';
  const pool = startWorkerPool({
    size: 2,
    say,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      ETOM_DATA_DIR: dir,
      ETOM_TASK_QUEUE_PREFIX: prefix,
      ETOM_FAULT_RATE: String(opts.faultRate ?? 0.3),
      ETOM_FAULT_INJECTION: '1',
      ETOM_FAULT_AFTER: String(opts.afterShare ?? 0),
    },
  });
  try {
    await pool.ready();
    say(
      `two worker processes polling ${prefix}-*, ${100 * (opts.faultRate ?? 0.3)} % of their adapter calls failing (${100 * (opts.afterShare ?? 0)} % of those after the call)`,
    );
    const rt: Runtime = { client, store, namespace: server.namespace, taskQueuePrefix: prefix };

    // Progress is the store being written: every activity's write leaves its idempotency key.
    const writes = () => store.db.prepare('SELECT COUNT(*) FROM idempotency_keys').pluck().get() as number;
    const progressAfter = async (): Promise<number> => {
      const before = writes();
      const start = performance.now();
      while (writes() === before && performance.now() - start < 300_000) await sleep(50);
      return performance.now() - start;
    };

    const byState: Record<string, number> = {};
    let pending = opts.orders;
    const orders = (async () => {
      let next = 0;
      const one = async () => {
        while (next < opts.orders) {
          const n = ++next;
          const handle = await persist(() =>
            submitProductOrder(
              client,
              {
                externalId: `CHAOS-${n}`,
                customerId: 'CUST-1005',
                items: [
                  {
                    id: '1',
                    productOfferingId: 'PO-FIBRE-BIZ',
                    region: REGION,
                    characteristics: { bandwidthMbps: 1000 },
                  },
                ],
                timings: CHAOS_TIMINGS,
              },
              { taskQueuePrefix: prefix },
            ),
          );
          // A workflow that failed is an order that did not end as designed: counted, not terminal.
          const state = await persist(() => handle.result()).then(
            (outcome) => outcome.state as string,
            (err: unknown) => {
              if (err instanceof WorkflowFailedError) return 'workflowFailed';
              throw err;
            },
          );
          byState[state] = (byState[state] ?? 0) + 1;
          pending--;
        }
      };
      // An order's time is mostly its retries' backoff, not CPU: a long run keeps more in flight
      // (8 to 25), a short one few enough for the assurance and billing flows to keep moving.
      await Promise.all(Array.from({ length: Math.min(25, Math.max(8, Math.ceil(opts.orders / 8))) }, one));
    })();
    const drivers: Record<string, string> = {};
    const drive = (name: string, run: () => Promise<unknown>) =>
      run().then(
        () => void (drivers[name] = 'ok'),
        (err: unknown) => void (drivers[name] = (err as Error).message.split('\n')[0]!),
      );

    const recovery: ChaosResult['recovery'] = [];
    let workerKills = 0;
    let serverKills = 0;
    const chaos = (async () => {
      // Random moments spread over the run: kill k once about k/(K+2) of the orders have ended,
      // then a random 0–8 s; the server's turn comes half-way through the kills.
      const serverAt = Math.floor(opts.kills / 2);
      for (let k = 0; k <= opts.kills; k++) {
        const due = Math.floor((opts.orders * (k + 1)) / (opts.kills + 2));
        while (opts.orders - pending < due) await sleep(500);
        await sleep(Math.random() * 8000);
        if (k === serverAt) {
          say('killing the Temporal server');
          const t = performance.now();
          await server.stop();
          server = await persist(startServer);
          const restartMs = performance.now() - t;
          recovery.push({ kill: 'server', restartMs, progressMs: restartMs + (await progressAfter()) });
          serverKills++;
        }
        if (k === opts.kills) break;
        say(`SIGKILL ${workerKills + 1}/${opts.kills} of a worker process (${pending} orders to go)`);
        const progress = progressAfter();
        const restartMs = await pool.killOne();
        recovery.push({ kill: 'worker', restartMs, progressMs: await progress });
        workerKills++;
      }
    })();
    await Promise.all([
      orders,
      chaos,
      drive('assurance', () => runAssuranceDemo(rt, quiet)),
      drive('billing', () => runBillingDemo(rt, quiet)),
    ]);
    say(`orders ${JSON.stringify(byState)}; auditing`);
    const report = await runAudit({
      client,
      db: store.db,
      scope: { taskQueuePrefix: prefix, limit: 1_000_000 },
      workflowBundle: await cachedWorkflowBundle({ cacheDir: cfg.cacheDir, tracing: false }),
    });
    const count = (p: (check: string) => boolean) => report.violations.filter((v) => p(v.check)).length;
    return {
      scenario: 'chaos',
      orders: {
        n: opts.orders,
        terminal: Object.entries(byState).reduce((s, [state, n]) => s + (TERMINAL.has(state) ? n : 0), 0),
        byState,
      },
      drivers,
      kills: { workers: workerKills, server: serverKills, workerCrashes: pool.crashes() },
      recovery: recovery.map((r) => ({
        ...r,
        progressMs: Math.round(r.progressMs),
        restartMs: Math.round(r.restartMs),
      })),
      audit: {
        violations: report.violations.length,
        leakedReservations: count((c) => c === 'reservation-leaked'),
        duplicatedEffects: count((c) => c.startsWith('duplicate-')),
        historiesReplayed: report.replayed,
        flowsRunning: report.running,
        details: report.violations.slice(0, 20).map((v) => `${v.check}: ${v.subject} — ${v.detail}`),
      },
      retriesAbsorbed: report.retries,
      seconds: Math.round((performance.now() - t0) / 1000),
    };
  } finally {
    await pool.stop();
    await installers.stop();
    await connection.close();
    await server.stop();
    store.close();
    if (process.env['ETOM_BENCH_KEEP']) say(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
    process.off('uncaughtException', onUncaught);
    if (closedChannelRetries)
      say(`${closedChannelRetries} gRPC retries met a closed connection after the server's restart`);
  }
}

const intOption = (value: string | undefined, fallback: number, name: string) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
};

export async function runChaosBench(opts: Record<string, string | undefined>): Promise<void> {
  const afterShare = opts['after-share'] === undefined ? 0 : Number(opts['after-share']);
  if (!(afterShare >= 0 && afterShare <= 1)) throw new Error('--after-share must be between 0 and 1');
  const result = await runChaos({
    orders: Math.max(1, intOption(opts['orders'], 200, 'orders')),
    kills: intOption(opts['kills'], 10, 'kills'),
    afterShare,
    say: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  const driversFailed = Object.values(result.drivers).some((d) => d !== 'ok');
  if (result.audit.violations > 0 || result.orders.terminal < result.orders.n || driversFailed) process.exitCode = 1;
}
