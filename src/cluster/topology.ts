import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { z } from 'zod';
import { openStore, storeFile } from '../adapters/store';
import { type EtomConfig, redactedUrl } from '../config';
import { type LayerKey, LAYERS, taskQueueFor } from '../layers';
import { ensureSearchAttributes } from '../temporal/dev-server';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import type { Log } from '../temporal/cli-binary';
import { freePort } from '../temporal/dev-server';
import { postgresAt, startPostgres, stopPostgres } from './postgres';
import { resolveServerBinaries, setupSchemas, startTemporalServer } from './temporal-server';

/**
 * The cluster topology on one machine's loopback, without Docker: Temporal's server on
 * PostgreSQL, one worker process per layer plus a second RM&O worker (the layer that scales
 * first), the active simulators (`etom simulators`: one process, so the replicas do not each
 * deliver the suppliers' reports and the technicians' visits), and the API server, each its own
 * process. `docker-compose.yml` describes the same shape for container hosts. The enterprise
 * store is a database (`etom`) on the cluster's own PostgreSQL server, or the one ETOM_STORE_URL
 * names when it is set (#14).
 */
export const CLUSTER_WORKERS: readonly LayerKey[] = ['crm', 'smo', 'rmo', 'rmo', 'sprm'];

export interface ClusterProcess {
  role: string;
  pid: number;
  logFile: string;
}
/** The enterprise database `etom cluster up` creates on its PostgreSQL server when ETOM_STORE_URL is unset. */
export const CLUSTER_STORE_DATABASE = 'etom';

export type ClusterStore =
  { kind: 'postgres'; url: string; database: string; own: boolean } | { kind: 'sqlite'; file: string };

/**
 * ETOM_CLUSTER_STORE: `postgres` (the default: the enterprise store on the cluster's server) or
 * `sqlite` (the data dir's file, one host only: the embedded default's store, for comparison).
 */
const ClusterStoreEnv = z.object({ ETOM_CLUSTER_STORE: z.enum(['postgres', 'sqlite']).default('postgres') });
export function clusterStoreKind(env: NodeJS.ProcessEnv): 'postgres' | 'sqlite' {
  const parsed = ClusterStoreEnv.safeParse(env);
  if (!parsed.success) throw new Error('invalid environment: ETOM_CLUSTER_STORE must be postgres or sqlite');
  return parsed.data.ETOM_CLUSTER_STORE;
}

export interface ClusterState {
  temporalAddress: string;
  namespace: string;
  taskQueuePrefix: string;
  postgres: { dataDir: string; port: number };
  /**
   * The enterprise store the processes open: a PostgreSQL database, its URL without the
   * password (the cluster's own server's is in its state file, readable by its owner only) and
   * whether the cluster made it; or the SQLite file (ETOM_CLUSTER_STORE=sqlite).
   */
  store: ClusterStore;
  api: string;
  processes: ClusterProcess[];
  startedAt: string;
}

/** Where the cluster keeps its databases, configuration, logs and state. */
export function clusterDir(cfg: Pick<EtomConfig, 'dataDir'>, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env['ETOM_CLUSTER_DIR'] ?? path.join(cfg.dataDir, 'cluster'));
}
const statePath = (dir: string) => path.join(dir, 'state.json');

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readClusterState(dir: string): ClusterState | undefined {
  try {
    return JSON.parse(fs.readFileSync(statePath(dir), 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

/**
 * What a process of this machine needs to work on the cluster as its own processes do (`etom
 * cluster env`): the server, namespace and queues, and the store when the cluster made it. Its
 * URL carries the password (from the server's state file, its owner's only): for a shell's
 * environment, never for a log. A store ETOM_STORE_URL named is the caller's to give.
 */
export function clusterEnv(state: ClusterState): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: state.temporalAddress,
    TEMPORAL_NAMESPACE: state.namespace,
    ETOM_TASK_QUEUE_PREFIX: state.taskQueuePrefix,
    ...(state.store.kind === 'postgres' && state.store.own
      ? { ETOM_STORE_URL: postgresAt(state.postgres.dataDir).url(state.store.database) }
      : {}),
  };
}

/** Starts what is not running yet; a cluster already up is reported, not started twice. */
export async function clusterUp(
  cfg: EtomConfig,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ClusterState> {
  const dir = clusterDir(cfg, env);
  const running = readClusterState(dir);
  if (running && running.processes.every((p) => alive(p.pid))) {
    log(`already up (started ${running.startedAt}): etom cluster down to stop it`);
    return running;
  }
  if (running) await clusterDown(cfg, log, env); // half a cluster: stop what is left, start afresh
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const tools = await resolveServerBinaries(cfg, log, env);
  const pg = await startPostgres({
    dataDir: path.join(dir, 'postgres'),
    log,
    throwaway: env['ETOM_CLUSTER_THROWAWAY'] === '1',
  });
  const processes: ClusterProcess[] = [];
  try {
    setupSchemas(tools, pg, log);
    const server = await startTemporalServer({
      tools,
      pg,
      dir: path.join(dir, 'temporal'),
      namespace: cfg.namespace,
      log,
    });
    processes.push({ role: 'temporal-server', pid: server.pid, logFile: server.logFile });
    const connection = await Connection.connect({ address: server.address });
    try {
      // Adding search attributes runs a system workflow: it waits for every service to have joined.
      const until = Date.now() + 120_000;
      for (;;) {
        try {
          await ensureSearchAttributes(connection, cfg.namespace, SEARCH_ATTRIBUTES);
          break;
        } catch (err) {
          if (Date.now() > until || !/UNAVAILABLE|Not enough hosts/i.test((err as Error).message)) throw err;
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
    } finally {
      await connection.close();
    }
    // The enterprise store: the database ETOM_STORE_URL names, else one of the cluster's own on
    // the same server as Temporal's (any host that reaches the server reaches it), unless
    // ETOM_CLUSTER_STORE=sqlite keeps the SQLite file of the data dir. Its migrations and seed
    // run once, here, before the processes open it; the children get its URL.
    const own = !cfg.storeUrl && clusterStoreKind(env) === 'postgres';
    if (own) pg.ensureDatabase(CLUSTER_STORE_DATABASE);
    const storeUrl = cfg.storeUrl ?? (own ? pg.url(CLUSTER_STORE_DATABASE) : undefined);
    await (await openStore({ ...cfg, ...(storeUrl ? { storeUrl } : {}) }, { installedBase: true })).close();
    log(`enterprise store: ${storeUrl ? redactedUrl(storeUrl) : storeFile(cfg)}`);
    const apiPort = await freePort();
    const childEnv = {
      ...env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: cfg.namespace,
      ETOM_DATA_DIR: cfg.dataDir,
      ETOM_TASK_QUEUE_PREFIX: cfg.taskQueuePrefix,
      ETOM_API_PORT: String(apiPort),
      ...(storeUrl ? { ETOM_STORE_URL: storeUrl } : {}),
    };
    // The workers host no simulator: the simulators process runs each once.
    CLUSTER_WORKERS.forEach((layer, i) =>
      processes.push(
        etomProcess(`worker-${layer}-${i}`, ['worker', '--layer', layer, '--no-simulators'], childEnv, dir),
      ),
    );
    processes.push(etomProcess('simulators', ['simulators'], childEnv, dir));
    processes.push(etomProcess('api', ['api'], childEnv, dir));
    const state: ClusterState = {
      temporalAddress: server.address,
      namespace: cfg.namespace,
      taskQueuePrefix: cfg.taskQueuePrefix,
      postgres: { dataDir: pg.dataDir, port: pg.port },
      store: storeUrl
        ? { kind: 'postgres', url: redactedUrl(storeUrl), database: new URL(storeUrl).pathname.slice(1), own }
        : { kind: 'sqlite', file: storeFile(cfg) },
      api: `http://127.0.0.1:${apiPort}`,
      processes,
      startedAt: new Date().toISOString(),
    };
    fs.writeFileSync(statePath(dir), JSON.stringify(state, null, 2));
    await waitForPollers(state, log);
    const simulators = processes.find((p) => p.role === 'simulators')!;
    await waitForLine(simulators, new RegExp(`^simulators running \\(pid ${simulators.pid}\\)`, 'm'), log);
    return state;
  } catch (err) {
    for (const p of processes) stopProcess(p.pid, 'SIGKILL');
    pg.stop();
    throw err;
  }
}

/** `node bin/etom.cjs <args>` detached, its output in its own log file. */
function etomProcess(role: string, args: string[], env: NodeJS.ProcessEnv, dir: string): ClusterProcess {
  const logFile = path.join(dir, 'logs', `${role}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  const bin = path.resolve(__dirname, '../../bin/etom.cjs');
  const child = spawn(process.execPath, [bin, ...args], { detached: true, stdio: ['ignore', out, out], env });
  fs.closeSync(out);
  child.unref();
  return { role, pid: child.pid!, logFile };
}

/** Up means working: every layer's task queue has as many pollers as the topology gives it. */
async function waitForPollers(state: ClusterState, log: Log): Promise<void> {
  const connection = await Connection.connect({ address: state.temporalAddress });
  const until = Date.now() + 180_000;
  try {
    for (const layer of LAYERS) {
      const want = CLUSTER_WORKERS.filter((l) => l === layer).length;
      const queue = taskQueueFor(layer, state.taskQueuePrefix);
      for (;;) {
        const dead = state.processes.find((p) => !alive(p.pid));
        if (dead) throw new Error(`${dead.role} exited while starting: ${lastLine(dead.logFile)} (${dead.logFile})`);
        const res = await connection.workflowService
          .describeTaskQueue({
            namespace: state.namespace,
            taskQueue: { name: queue },
            taskQueueType: 2, // activity pollers: every worker of the layer polls both kinds
          })
          .catch(() => undefined); // a service still joining the ring: ask again
        if ((res?.pollers?.length ?? 0) >= want) break;
        if (Date.now() > until) throw new Error(`the ${layer} workers did not poll ${queue} within 180 s`);
        await new Promise((r) => setTimeout(r, 500));
      }
      log(`${queue}: ${want} worker process${want > 1 ? 'es' : ''} polling`);
    }
  } finally {
    await connection.close();
  }
}

/** Waits until a process of the topology has said `line` in its log (it prints it once it works). */
async function waitForLine(p: ClusterProcess, line: RegExp, log: Log): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    const text = fs.existsSync(p.logFile) ? fs.readFileSync(p.logFile, 'utf8') : '';
    const said = line.exec(text);
    if (said) {
      log(text.slice(said.index).split('\n')[0]!);
      return;
    }
    if (!alive(p.pid)) throw new Error(`${p.role} exited while starting: ${lastLine(p.logFile)} (${p.logFile})`);
    if (Date.now() > until) throw new Error(`${p.role} did not start within 120 s (${p.logFile})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function lastLine(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
  } catch {
    return '(no output)';
  }
}

function stopProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Stops the workers (they drain on SIGTERM), then the server, then PostgreSQL. */
export async function clusterDown(cfg: EtomConfig, log: Log, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dir = clusterDir(cfg, env);
  const state = readClusterState(dir);
  if (!state) {
    log('no cluster is up here');
    return;
  }
  const order = [
    state.processes.filter((p) => p.role !== 'temporal-server'),
    state.processes.filter((p) => p.role === 'temporal-server'),
  ];
  for (const group of order) {
    group.forEach((p) => stopProcess(p.pid, 'SIGTERM'));
    const until = Date.now() + 30_000;
    while (group.some((p) => alive(p.pid)) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    group.filter((p) => alive(p.pid)).forEach((p) => stopProcess(p.pid, 'SIGKILL'));
  }
  stopPostgres(state.postgres.dataDir);
  fs.rmSync(statePath(dir));
  log('cluster stopped');
}
