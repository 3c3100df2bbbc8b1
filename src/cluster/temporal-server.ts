import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import type { EtomConfig } from '../config';
import { type GoBinary, goInstall, type Log, withCacheLock } from '../temporal/cli-binary';
import { freePort, portFree } from '../temporal/dev-server';
import type { RunningPostgres } from './postgres';

/**
 * Temporal's own server on PostgreSQL, as production runs it: the version the pinned CLI
 * (v1.5.1) embeds, built from its Go module like the CLI, its schemas set up by its own SQL
 * tool. The dev server keeps its place as the embedded default; this is the cluster path.
 */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

const SERVER: GoBinary = {
  module: 'go.temporal.io/server/cmd/server',
  version: TEMPORAL_SERVER_VERSION,
  label: 'Temporal server',
  overrideVariable: 'TEMPORAL_SERVER_PATH',
};
const SQL_TOOL: GoBinary = {
  module: 'go.temporal.io/server/cmd/tools/sql',
  version: TEMPORAL_SERVER_VERSION,
  label: 'Temporal SQL tool',
  overrideVariable: 'TEMPORAL_SQL_TOOL_PATH',
};

export interface ServerBinaries {
  server: string;
  sqlTool: string;
}

/** The server and its SQL tool: given by variable, else cached outside the clone, else built once. */
export async function resolveServerBinaries(
  cfg: Pick<EtomConfig, 'cacheDir'>,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServerBinaries> {
  const one = async (bin: GoBinary, name: string) => {
    const given = env[bin.overrideVariable];
    if (given) {
      if (!fs.existsSync(given)) throw new Error(`${bin.overrideVariable} ${given} does not exist`);
      return path.resolve(given);
    }
    const cached = path.join(cfg.cacheDir, 'temporal-server', bin.version, name);
    await withCacheLock(
      `${cached}.lock`,
      () => fs.existsSync(cached),
      () => goInstall(bin, cached, log, env),
      log,
    );
    return cached;
  };
  return { server: await one(SERVER, 'temporal-server'), sqlTool: await one(SQL_TOOL, 'temporal-sql-tool') };
}

const SCHEMAS = [
  { database: 'temporal', schema: 'postgresql/v12/temporal' },
  { database: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
] as const;

/**
 * Creates both databases and brings their schemas to this server version: a new cluster gets
 * the base schema, an existing one only the versions it lacks (the tool is idempotent).
 */
export function setupSchemas(tools: ServerBinaries, pg: RunningPostgres, log: Log): void {
  for (const { database, schema } of SCHEMAS) {
    const base = ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--db', database];
    // The password goes through the environment, never on a command line that `ps` shows.
    const sql = (args: string[]) => {
      const r = spawnSync(tools.sqlTool, [...base, ...args], {
        encoding: 'utf8',
        env: { ...process.env, SQL_PASSWORD: pg.password },
        timeout: 120_000,
      });
      if (r.status !== 0)
        throw new Error(
          `temporal-sql-tool ${args[0]} on ${database} failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`,
        );
      return r.stdout;
    };
    const fresh = !databaseExists(pg, database);
    if (fresh) {
      sql(['create-database']);
      sql(['setup-schema', '-v', '0.0']);
    }
    sql(['update-schema', '--schema-name', schema]);
    log(`schema ${schema} ${fresh ? 'created' : 'up to date'} in database ${database}`);
  }
}

function databaseExists(pg: RunningPostgres, name: string): boolean {
  return pg.query(`SELECT 1 FROM pg_database WHERE datname = '${name}'`) === '1';
}

export interface RunningTemporalServer {
  address: string;
  pid: number;
  logFile: string;
}

interface Ports {
  frontend: number;
  http: number;
  history: number;
  matching: number;
  worker: number;
  metrics: number;
  membership: [number, number, number, number];
}

async function pickPorts(frontend: number | undefined): Promise<Ports> {
  const p = async () => freePort();
  return {
    frontend: frontend ?? (await p()),
    http: await p(),
    history: await p(),
    matching: await p(),
    worker: await p(),
    metrics: await p(),
    membership: [await low(), await low(), await low(), await low()],
  };
}

/** The cluster-membership table stores ports as smallint: they must stay below 32768. */
async function low(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!taken.has(port) && (await portFree(port))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free loopback port between 20000 and 32000 for the Temporal server membership');
}
const taken = new Set<number>();

/** The server's configuration for this topology, as JSON (which YAML reads as it is). */
function serverConfig(pg: RunningPostgres, ports: Ports, dir: string): unknown {
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${pg.host}:${pg.port}`,
      connectProtocol: 'tcp',
      user: pg.user,
      password: pg.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number, extra: object = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: 4,
      datastores: {
        'postgres-default': store('temporal', 20),
        'postgres-visibility': store('temporal_visibility', 10),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: {
        prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${ports.metrics}` },
      },
    },
    services: {
      frontend: rpc(ports.frontend, ports.membership[0], { httpPort: ports.http }),
      history: rpc(ports.history, ports.membership[1]),
      matching: rpc(ports.matching, ports.membership[2]),
      worker: rpc(ports.worker, ports.membership[3]),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: path.join(dir, 'dynamicconfig.yaml'), pollInterval: '10s' },
  };
}

/** What the dev server turns on by default, and the search attributes usable as soon as they are added. */
const DYNAMIC_CONFIG = {
  'frontend.enableUpdateWorkflowExecution': [{ value: true }],
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': [{ value: true }],
  'frontend.enableExecuteMultiOperation': [{ value: true }],
  'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
};

export interface StartServerOptions {
  tools: ServerBinaries;
  pg: RunningPostgres;
  /** The server's root: its configuration and its log. */
  dir: string;
  port?: number;
  namespace: string;
  log: Log;
}

/**
 * Starts the server detached (the cluster outlives `etom cluster up`), waits until its frontend
 * answers, and registers the namespace. The caller keeps the pid to stop it.
 */
export async function startTemporalServer(opts: StartServerOptions): Promise<RunningTemporalServer> {
  const { dir, log } = opts;
  const configDir = path.join(dir, 'config');
  fs.mkdirSync(configDir, { recursive: true });
  const ports = await pickPorts(opts.port);
  // The configuration holds the database password: readable by this user only.
  fs.writeFileSync(
    path.join(configDir, 'development.yaml'),
    JSON.stringify(serverConfig(opts.pg, ports, dir), null, 2),
    { mode: 0o600 },
  );
  fs.writeFileSync(path.join(dir, 'dynamicconfig.yaml'), JSON.stringify(DYNAMIC_CONFIG, null, 2));
  const logFile = path.join(dir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    opts.tools.server,
    ['--root', dir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'],
    { detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  child.unref();
  const address = `127.0.0.1:${ports.frontend}`;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? `code ${code}`));
  const until = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`Temporal server exited (${exited}) while starting: see ${logFile}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await registerNamespace(connection, opts.namespace);
      } finally {
        await connection.close();
      }
      break;
    } catch (err) {
      if (Date.now() > until) {
        process.kill(child.pid!, 'SIGKILL');
        throw new Error(
          `Temporal server did not answer on ${address} within 120 s (${(err as Error).message}): see ${logFile}`,
        );
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  log(`Temporal server ${TEMPORAL_SERVER_VERSION} on ${address}, on PostgreSQL (namespace ${opts.namespace})`);
  return { address, pid: child.pid!, logFile };
}

async function registerNamespace(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return;
  } catch {
    // Not there yet: register it below.
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('3 days'),
    });
  } catch (err) {
    if (!/already exists/i.test((err as Error).message)) throw err;
  }
  // Registered is not yet usable: each service sees the namespace at its next cache refresh.
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      await connection.operatorService.listSearchAttributes({ namespace });
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
