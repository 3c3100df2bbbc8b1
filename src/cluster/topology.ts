import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { openStore } from '../adapters/store';
import type { EtomConfig } from '../config';
import { type LayerKey, LAYERS, taskQueueFor } from '../layers';
import { ensureSearchAttributes } from '../temporal/dev-server';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import type { Log } from '../temporal/cli-binary';
import { freePort } from '../temporal/dev-server';
import { startPostgres, stopPostgres } from './postgres';
import { resolveServerBinaries, setupSchemas, startTemporalServer } from './temporal-server';

/**
 * The cluster topology on one machine's loopback, without Docker: Temporal's server on
 * PostgreSQL, one worker process per layer plus a second RM&O worker (the layer that scales
 * first), and the API server, each its own process. `docker-compose.yml` describes the same
 * shape for container hosts. The enterprise store is the SQLite file, shared by the processes
 * of this one host, or with ETOM_STORE_URL set, a PostgreSQL database (#14) any host can reach.
 */
export const CLUSTER_WORKERS: readonly LayerKey[] = ['crm', 'smo', 'rmo', 'rmo', 'sprm'];

export interface ClusterProcess {
  role: string;
  pid: number;
  logFile: string;
}
export interface ClusterState {
  temporalAddress: string;
  namespace: string;
  taskQueuePrefix: string;
  postgres: { dataDir: string; port: number };
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
    // The store's migrations and seed run once, here, before five processes open it (the SQLite
    // file, or the PostgreSQL database ETOM_STORE_URL names, which the children inherit).
    await (await openStore(cfg, { installedBase: true })).close();
    const apiPort = await freePort();
    const childEnv = {
      ...env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: cfg.namespace,
      ETOM_DATA_DIR: cfg.dataDir,
      ETOM_TASK_QUEUE_PREFIX: cfg.taskQueuePrefix,
      ETOM_API_PORT: String(apiPort),
    };
    CLUSTER_WORKERS.forEach((layer, i) =>
      processes.push(etomProcess(`worker-${layer}-${i}`, ['worker', '--layer', layer], childEnv, dir)),
    );
    processes.push(etomProcess('api', ['api'], childEnv, dir));
    const state: ClusterState = {
      temporalAddress: server.address,
      namespace: cfg.namespace,
      taskQueuePrefix: cfg.taskQueuePrefix,
      postgres: { dataDir: pg.dataDir, port: pg.port },
      api: `http://127.0.0.1:${apiPort}`,
      processes,
      startedAt: new Date().toISOString(),
    };
    fs.writeFileSync(statePath(dir), JSON.stringify(state, null, 2));
    await waitForPollers(state, log);
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
