import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createSqliteStore } from '../src/adapters/sqlite';
import { WORKFLOW_INTERCEPTOR_MODULES, preloadModules } from '../src/temporal/bundle';
import type { Db } from '../src/adapters/sqlite/database';
import { startBenchCluster } from './cluster';
import { benchWorkerOptions, describeBenchOptions } from './options';
import {
  KINDS,
  type Side,
  WAITING_STATES,
  type Waiter,
  addWaitingCapacity,
  endedAsReleased,
  releaseWaiter,
  startWaiter,
} from './waiting-kinds';
import { RUNS, type Run, type SideFigures, listOption, report } from './waiting-report';
import type { WaitingWorkerConfig, WaitingWorkerMessage } from './waiting-worker';

/**
 * `npm run bench -- waiting [--orders N] [--rounds R]` (#14, P4): N orders and tickets open and
 * waiting on an outside party (a supplier, a technician, a customer), all cached on one worker
 * process, against N bare workflows waiting on a signal the same way on an identical process.
 * For each side, in a fresh worker process: a warm-up (a few waits started and released), the
 * idle RSS, then N started and waited for, the RSS with all N cached, then every one released
 * and counted complete. RSS per cached workflow = (loaded − idle) / N; the goal is ≤ 1.5 × bare
 * and a total under 2 GB. The sides alternate which goes first, round by round.
 *
 * The bare side runs the project's bundle, as the brief's identical process must. A third run,
 * `bareOwnBundle`, runs the same bare waits in a bundle of their own (bench/bare/wait.ts, no
 * interceptors): the SDK's reusable V8 context evaluates again, for each workflow it holds, every
 * module of a bundle that is not preloaded, so the difference between the two bare runs is what
 * the project's bundle costs every cached workflow, whatever the workflow. The project's bundle
 * preloads its graph, as the workers' does; `ETOM_BENCH_PRELOAD=off` measures it without.
 */

/** Starts and releases in flight at once. */
const IN_FLIGHT = 32;
/** No progress for this long and the run stops. */
const STALL_MS = 10 * 60_000;
const MB = 1024 * 1024;

const intOption = (value: string | undefined, fallback: number, name: string) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
  return n;
};

export async function runWaitingBench(opts: Record<string, string | undefined>): Promise<void> {
  const orders = intOption(opts['orders'], 10_000, 'orders');
  const rounds = intOption(opts['rounds'], 1, 'rounds');
  const warmUp = Math.min(30, orders);
  // For finding where the memory goes: one kind of wait, or some runs only (the table needs all three).
  const kinds = listOption(process.env['ETOM_BENCH_WAITING_KINDS'], KINDS, 'ETOM_BENCH_WAITING_KINDS');
  const runs = listOption(process.env['ETOM_BENCH_WAITING_RUNS'], RUNS, 'ETOM_BENCH_WAITING_RUNS');
  const heapDir = process.env['ETOM_BENCH_HEAP'];
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-bench-waiting-'));
  const cluster = await startBenchCluster(dir, say);
  const codePath = path.join(dir, 'workflows.js');
  fs.writeFileSync(codePath, await projectBundle(say));
  const storeFile = path.join(dir, 'etom.db');
  const store = createSqliteStore({ filename: storeFile });
  // Both sides draw on one sequence of ids (and so of supplier regions).
  addWaitingCapacity(store.db, 2 * (orders + warmUp) * rounds);
  say(describeBenchOptions());
  const cache = cacheOption(opts['cache'], orders + warmUp + 100);
  // Under load a workflow's first activation, which evaluates the bundle's modules, passed the
  // SDK's 5 s at about 800 cached, failed and was retried: the limit is raised for every run alike.
  const options = {
    ...(cache.size === undefined ? {} : { maxCachedWorkflows: cache.size }),
    isolateExecutionTimeout: '1 minute',
    ...benchWorkerOptions(),
  };
  say(
    `${orders} waits a side (${kinds.join(', ')} in turn on the project's side); ${cache.said}; worker options ${JSON.stringify(options)}`,
  );
  const base = {
    address: cluster.address,
    namespace: cluster.namespace,
    codePath,
    storeFile,
    supplierSpeed: 86_400,
    options,
  };
  say('bundling the bare waits alone…');
  const ownCodePath = path.join(dir, 'bare-wait.js');
  const own = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, 'bare/wait.ts'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: say, error: say },
  });
  fs.writeFileSync(ownCodePath, own.code);
  const figures: Record<Run, SideFigures[]> = { etom: [], bare: [], bareOwnBundle: [] };
  let seq = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      const order: Run[] = r % 2 === 0 ? ['bare', 'etom', 'bareOwnBundle'] : ['bareOwnBundle', 'etom', 'bare'];
      for (const name of order.filter((n) => runs.includes(n))) {
        const side: Side = name === 'etom' ? 'etom' : 'bare';
        const taskQueue = `bench-waiting-${name}-${r + 1}`;
        const next = (): Waiter => {
          const n = seq++;
          const kind = kinds[n % kinds.length]!;
          return { side, kind, seq: n, workflowId: `WAIT-${side === 'etom' ? kind[0]!.toUpperCase() : 'B'}-${n}` };
        };
        const f = await runSide(
          {
            client: cluster.client,
            db: store.db,
            say,
            taskQueue,
            config: { ...base, taskQueue, codePath: name === 'bareOwnBundle' ? ownCodePath : codePath },
          },
          {
            side,
            orders,
            warmUp,
            next,
            capped: cache.capped,
            heapDir: heapDir && path.join(heapDir, `${name}-${r + 1}`),
          },
        );
        figures[name].push(f);
        say(
          `round ${r + 1} ${name}: idle ${f.idleRssMb.toFixed(0)} MB, ${orders} waiting ${f.loadedRssMb.toFixed(0)} MB (${f.cached} cached), ${f.perWorkflowKb.toFixed(1)} KB per cached workflow, ${f.completed}/${orders} completed`,
        );
      }
    }
    if (figures.etom.length && figures.bare.length) report(orders, rounds, figures, cache);
  } catch (err) {
    // Said before the cleanup: a client call still retrying may end the process while it runs.
    say(`waiting: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    throw err;
  } finally {
    store.close();
    await cluster.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The project's bundle as the workers build it (src/temporal/bundle.ts): the workflows' graph
 * preloaded, evaluated once and shared by every cached workflow. `ETOM_BENCH_PRELOAD=off`
 * bundles it as before that change (every cached workflow evaluating the graph again), to
 * measure the difference. The bare waits are in the same bundle either way.
 */
async function projectBundle(say: (line: string) => void): Promise<string> {
  const preload = process.env['ETOM_BENCH_PRELOAD'] !== 'off';
  const workflowsPath = path.resolve(__dirname, 'workflows.ts');
  say(`bundling the project's workflows, ${preload ? 'preloaded' : 'not preloaded (ETOM_BENCH_PRELOAD=off)'}…`);
  const bundle = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    preloadModules: preload ? preloadModules(workflowsPath, WORKFLOW_INTERCEPTOR_MODULES) : [],
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: say, error: say },
  });
  return bundle.code;
}

interface Env {
  client: Client;
  db: Db;
  say(line: string): void;
  taskQueue: string;
  config: WaitingWorkerConfig;
}

async function runSide(
  env: Env,
  run: { side: Side; orders: number; warmUp: number; next(): Waiter; capped: boolean; heapDir?: string | undefined },
): Promise<SideFigures> {
  const { client, say, taskQueue } = env;
  const worker = await forkWorker(env.config);
  try {
    say(`${run.side}: worker ${worker.child.pid} polling ${taskQueue}; warm-up (${run.warmUp} waits)`);
    const warm = Array.from({ length: run.warmUp }, run.next);
    await inBatches(warm, (w) => startWaiter(client, taskQueue, w));
    await untilWaiting(env, worker, warm, run.capped);
    await inBatches(warm, (w) => releaseWaiter(client, env.db, w));
    await untilCompleted(env, warm.length);
    const idle = await settledRss(worker);
    say(`${run.side}: idle RSS ${(idle / MB).toFixed(0)} MB`);
    const idleHeap = run.heapDir ? await heapProbe(worker, say, `${run.heapDir}-idle`) : undefined;

    const waiters = Array.from({ length: run.orders }, run.next);
    let t0 = performance.now();
    await inBatches(waiters, (w) => startWaiter(client, taskQueue, w), progress(say, `${run.side}: started`));
    await untilWaiting(env, worker, waiters, run.capped);
    const startSeconds = (performance.now() - t0) / 1000;
    const loaded = await settledRss(worker);
    // What the worker holds is the divisor: the run's waits, but for any the cache let go.
    const cached = Math.min(run.orders, (await worker.status()).cached);
    say(
      `${run.side}: all ${run.orders} waiting, ${cached} of them cached, in ${startSeconds.toFixed(0)} s; RSS ${(loaded / MB).toFixed(0)} MB`,
    );
    if (idleHeap !== undefined) {
      const heap = await heapProbe(worker, say, `${run.heapDir}-loaded`);
      say(`${run.side}: V8 heap ${((heap - idleHeap) / 1024 / cached).toFixed(1)} KB per cached workflow (after GC)`);
    }

    t0 = performance.now();
    await inBatches(waiters, (w) => releaseWaiter(client, env.db, w), progress(say, `${run.side}: released`));
    await untilCompleted(env, run.warmUp + run.orders);
    const releaseSeconds = (performance.now() - t0) / 1000;
    let completed = 0;
    await inBatches(waiters, async (w) => {
      if (await endedAsReleased(client, w).catch(() => false)) completed++;
    });
    return {
      idleRssMb: idle / MB,
      loadedRssMb: loaded / MB,
      perWorkflowKb: (loaded - idle) / 1024 / cached,
      cached,
      completed,
      startSeconds,
      releaseSeconds,
    };
  } finally {
    await worker.stop();
  }
}

interface ForkedWorker {
  child: ChildProcess;
  status(): Promise<Extract<WaitingWorkerMessage, { type: 'status' }>>;
  heap(snapshot?: string): Promise<Extract<WaitingWorkerMessage, { type: 'heap' }>>;
  stop(): Promise<void>;
}

/** The measured worker, in a process of its own (tsx compiles it, as it does the CLI). */
async function forkWorker(config: WaitingWorkerConfig): Promise<ForkedWorker> {
  const child = fork(path.resolve(__dirname, 'waiting-worker.ts'), [], {
    // --expose-gc: only the heap probe calls gc (ETOM_BENCH_HEAP), before it reads the heap.
    execArgv: ['--require', require.resolve('tsx/cjs'), '--expose-gc'],
    env: { ...process.env, ETOM_BENCH_WAITING: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: WaitingWorkerMessage) => m.type === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`the waiting worker exited (${code}) before polling`)));
  });
  return {
    child,
    status: () => ask(child, 'status', {}),
    heap: (snapshot) => ask(child, 'heap', snapshot ? { snapshot } : {}),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One request to the worker over IPC, and its answer. */
function ask<T extends 'status' | 'heap'>(
  child: ChildProcess,
  type: T,
  extra: object,
): Promise<Extract<WaitingWorkerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WaitingWorkerMessage) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m as Extract<WaitingWorkerMessage, { type: T }>);
    };
    child.on('message', onMessage);
    if (!child.send({ type, ...extra })) reject(new Error('the waiting worker is gone'));
  });
}

/**
 * `ETOM_BENCH_HEAP=<dir>`: the worker's V8 heap after a full GC, said beside its RSS, and a heap
 * snapshot written under `<dir>` when `ETOM_BENCH_HEAP_SNAPSHOT=1`. With the worker option
 * `debugMode: true` the workflows run on the main thread, so their heap is the one read.
 */
async function heapProbe(worker: ForkedWorker, say: (l: string) => void, file: string): Promise<number> {
  const snapshot = process.env['ETOM_BENCH_HEAP_SNAPSHOT'] === '1' ? `${file}.heapsnapshot` : undefined;
  if (snapshot) fs.mkdirSync(path.dirname(snapshot), { recursive: true });
  const h = await worker.heap(snapshot);
  say(
    `  heap ${(h.heapUsed / MB).toFixed(1)} MB used of ${(h.totalHeapSize / MB).toFixed(1)} MB, external ${(h.externalMemory / MB).toFixed(1)} MB, RSS ${(rssOf(worker.child.pid!) / MB).toFixed(0)} MB${h.snapshot ? `; snapshot ${h.snapshot}` : ''}`,
  );
  return h.heapUsed;
}

/** The process's resident set, from the kernel. */
function rssOf(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? NaN) * 1024;
}

/** RSS once the worker has nothing in flight: the median of five readings a second apart. */
async function settledRss(worker: ForkedWorker): Promise<number> {
  const readings: number[] = [];
  while (readings.length < 5) {
    await sleep(1000);
    const s = await worker.status();
    if (s.activations > 0 || s.activities > 0) continue;
    readings.push(rssOf(worker.child.pid!));
  }
  return readings.sort((a, b) => a - b)[2]!;
}

/**
 * Until every waiter is at its wait (and, with the cache not capped, cached): the project's
 * workflows each index their waiting state in the task that begins the wait (visibility counts
 * them); a bare one waits from its first task. Then the worker has nothing in flight.
 */
async function untilWaiting(env: Env, worker: ForkedWorker, waiters: Waiter[], capped: boolean): Promise<void> {
  const { client, say, taskQueue } = env;
  const etom = waiters.filter((w) => w.side === 'etom');
  const states = [...new Set(etom.map((w) => WAITING_STATES[w.kind]))].map((s) => `'${s}'`);
  const query = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running' AND EtomState IN (${states.join(', ')})`;
  const bareAt = capped && !etom.length ? bareWaitsReached(client, waiters) : undefined;
  await until(
    say,
    `${waiters[0]?.side}: waiting`,
    waiters.length,
    async () => {
      const s = await worker.status();
      const indexed = etom.length
        ? (await client.workflow.count(query)).count
        : bareAt
          ? await bareAt()
          : waiters.length;
      // Capped, the cache holds what it can and lets the rest go: being at the wait is the count.
      const at = capped ? indexed : Math.min(s.cached, indexed);
      // Not there while a task is still in flight, however many are counted.
      return s.activations === 0 && s.activities === 0 ? at : Math.min(at, waiters.length - 1);
    },
    capped ? waiters.length : Math.floor(waiters.length * 0.99),
  );
}

/**
 * How many bare waits have reached their wait, for a capped cache (where the worker's count of
 * cached workflows says nothing of those it let go). A bare wait indexes nothing; its history
 * says it: started, its first task scheduled, started and completed, then the timer of its
 * `condition` (5 events). Each one found there is not asked again.
 */
function bareWaitsReached(client: Client, waiters: Waiter[]): () => Promise<number> {
  const reached = new Set<string>();
  return async () => {
    const left = waiters.filter((w) => !reached.has(w.workflowId));
    await inBatches(left, async (w) => {
      const d = await client.workflow.getHandle(w.workflowId).describe();
      if (d.historyLength >= 5) reached.add(w.workflowId);
    });
    return reached.size;
  };
}

/**
 * `--cache`: how many workflows the worker keeps in its sticky cache.
 * - unset: room for every waiter (`orders` + the warm-up's + 100), so none is evicted and the
 *   figure per cached workflow is what each of N costs;
 * - `sdk`: the SDK's own default, as the project's workers run (no `maxCachedWorkflows` set;
 *   the SDK derives it from the heap limit): the worker's total with N open, the rest evicted
 *   and replayed from history when released;
 * - a number: that many.
 */
function cacheOption(
  value: string | undefined,
  room: number,
): { size: number | undefined; capped: boolean; said: string } {
  if (value === undefined) return { size: room, capped: false, said: `cache: room for all (${room})` };
  if (value === 'sdk')
    return { size: undefined, capped: true, said: "cache: the SDK's default (maxCachedWorkflows unset)" };
  return { size: intOption(value, 0, 'cache'), capped: true, said: `cache: ${value}` };
}

async function untilCompleted(env: Env, total: number): Promise<void> {
  const query = `TaskQueue = '${env.taskQueue}' AND ExecutionStatus != 'Running'`;
  await until(env.say, 'closed', total, async () => (await env.client.workflow.count(query)).count);
}

/** Polls `measure` every 2 s until it reaches `target`, saying how far it is every 15 s. */
async function until(
  say: (l: string) => void,
  what: string,
  target: number,
  measure: () => Promise<number>,
  /** Accepted once it stops moving for a minute at this count or more (a workflow or two evicted). */
  nearly = target,
) {
  let best = -1;
  let movedAt = Date.now();
  let saidAt = Date.now();
  for (;;) {
    const n = await measure();
    if (n >= target) return;
    if (n > best) [best, movedAt] = [n, Date.now()];
    if (n >= nearly && Date.now() - movedAt > 60_000) return say(`  ${what}: ${n}/${target}, no more to come`);
    if (Date.now() - movedAt > STALL_MS) throw new Error(`${what}: stuck at ${n} of ${target}`);
    if (Date.now() - saidAt > 15_000) {
      say(`  ${what} ${n}/${target}`);
      saidAt = Date.now();
    }
    await sleep(2000);
  }
}

/** Runs `fn` over `items`, IN_FLIGHT at a time, telling `tick` how many are done. */
async function inBatches<T>(items: T[], fn: (item: T) => Promise<void>, tick?: (done: number, of: number) => void) {
  let i = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, items.length) }, async () => {
      while (i < items.length) {
        await fn(items[i++]!);
        tick?.(++done, items.length);
      }
    }),
  );
}

/** A progress line every 10 % or 15 s, whichever comes first. */
function progress(say: (l: string) => void, what: string) {
  let saidAt = Date.now();
  let step = 0;
  return (done: number, of: number) => {
    const tenth = Math.floor((done * 10) / of);
    if (tenth > step || Date.now() - saidAt > 15_000 || done === of) {
      step = tenth;
      saidAt = Date.now();
      say(`  ${what} ${done}/${of}`);
    }
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
