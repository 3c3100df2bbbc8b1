import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { EtomConfig } from '../config';
import { type Log, resolveTemporalCli } from './cli-binary';
import { type ChildExit, describeExit, spawnSupervised } from '../runtime/supervised-child';
import { forgetServer, recordServer, stopStaleServer } from '../runtime/stale-server';

export interface RunningTemporal {
  address: string;
  namespace: string;
  /** The Web UI, when this process started a local server with it. */
  uiUrl?: string;
  startedLocally: boolean;
  /**
   * Resolves when a local server ends without `stop()` having asked (a crash, a kill): the
   * caller stops what depends on it, with `ServerExitedError`'s one line. Never resolves for a
   * cluster, nor for a server the SDK downloaded and runs itself.
   */
  exited: Promise<ServerExitedError>;
  stop(): Promise<void>;
}

/** A local Temporal server ended on its own: "Temporal server exited (code 1) — stopping". */
export class ServerExitedError extends Error {
  constructor(
    readonly exit: Pick<ChildExit, 'code' | 'signal'>,
    readonly lastLines: readonly string[] = [],
  ) {
    super(`Temporal server exited (${describeExit(exit)}) — stopping`);
    this.name = 'ServerExitedError';
  }
}

export interface StartTemporalOptions {
  /** The dev server's SQLite database (default `<dataDir>/temporal.db`): a file keeps workflows across restarts. */
  dbFile?: string;
  /** The Web UI (default on). */
  ui?: boolean;
  log?: Log;
  /** More `temporal server start-dev` flags, e.g. `--sqlite-pragma journal_mode=WAL` (the benchmark's experiments). */
  extraArgs?: readonly string[];
}

type TemporalConfig = Pick<
  EtomConfig,
  'temporalAddress' | 'namespace' | 'temporalCliPath' | 'cacheDir' | 'dataDir' | 'temporalPort' | 'temporalUiPort'
>;

/** Whether nothing listens on the port on loopback now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A port the OS considers free now; 0 in the config asks for one (tests, several servers at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function choosePort(port: number, variable: string): Promise<number> {
  if (port === 0) return freePort();
  if (!(await portFree(port))) {
    throw new Error(
      `port ${port} is in use (is another 'etom dev' running?): stop it, set ${variable} to a free port, or set TEMPORAL_ADDRESS to use that server`,
    );
  }
  return port;
}

/**
 * The Temporal server the project runs against: the cluster at TEMPORAL_ADDRESS when set
 * (nothing is started), else a local `temporal server start-dev` with a persistent database
 * and its Web UI, stopped by `stop()`. The local server is our own supervised child
 * (`spawnSupervised`): it dies with this process however this process ends (SIGKILL included,
 * through a watchdog on a pipe), `exited` tells a crash at once, and a server an earlier run
 * left on the same database is stopped first (`stopStaleServer`). `stop()` asks it to end
 * (SIGTERM, then SIGKILL after 5 s); SQLite's journal keeps committed workflow state either way.
 */
export async function startTemporal(cfg: TemporalConfig, opts: StartTemporalOptions = {}): Promise<RunningTemporal> {
  const log = opts.log ?? (() => undefined);
  if (cfg.temporalAddress) {
    log(`using the Temporal cluster at ${cfg.temporalAddress} (namespace ${cfg.namespace})`);
    return {
      address: cfg.temporalAddress,
      namespace: cfg.namespace,
      startedLocally: false,
      exited: new Promise(() => undefined),
      stop: async () => undefined,
    };
  }
  const ui = opts.ui ?? true;
  const dbFile = path.resolve(opts.dbFile ?? path.join(cfg.dataDir, 'temporal.db'));
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  // Before the port check: a server left behind on this database holds the ports too.
  await stopStaleServer(dbFile, log);
  const port = await choosePort(cfg.temporalPort, 'TEMPORAL_PORT');
  const uiPort = ui ? await choosePort(cfg.temporalUiPort, 'TEMPORAL_UI_PORT') : undefined;
  const executable = await resolveTemporalCli(cfg, log);
  log(`starting the Temporal dev server on 127.0.0.1:${port} (database ${dbFile})`);
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--namespace',
    cfg.namespace,
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    ...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']),
    ...SDK_DEV_SERVER_FLAGS,
    ...(opts.extraArgs ?? []),
  ];
  const started =
    executable.type === 'existing-path'
      ? await startSupervised(executable.path, args, port, dbFile)
      : await startThroughSdk({ executable, dbFile, namespace: cfg.namespace, port, uiPort, extra: opts.extraArgs });
  return {
    address: `127.0.0.1:${port}`,
    namespace: cfg.namespace,
    uiUrl: uiPort ? `http://localhost:${uiPort}` : undefined,
    startedLocally: true,
    exited: started.exited,
    stop: started.stop,
  };
}

/** What the SDK's ephemeral server passes besides ports and database (sdk-core ephemeral_server). */
const SDK_DEV_SERVER_FLAGS = [
  '--log-format',
  'pretty',
  '--log-level',
  'warn',
  '--dynamic-config-value',
  'frontend.enableServerVersionCheck=false',
  '--dynamic-config-value',
  'frontend.enableUpdateWorkflowExecution=true',
  '--dynamic-config-value',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
];

interface StartedServer {
  exited: Promise<ServerExitedError>;
  stop(): Promise<void>;
}

/**
 * Our own child, supervised (`spawnSupervised`): it dies with this process however this process
 * dies, and its end is known at once, so a command never runs on against a dead server.
 */
async function startSupervised(binary: string, args: string[], port: number, dbFile: string): Promise<StartedServer> {
  const child = spawnSupervised(binary, args);
  recordServer(dbFile, child.pid);
  const failed = (exit: ChildExit) =>
    new Error(
      `the Temporal dev server (${binary}) did not start on port ${port}: it exited (${describeExit(exit)})${
        child.stderrTail().length ? `: ${child.stderrTail().at(-1)}` : ''
      }`,
    );
  try {
    await untilServing(`127.0.0.1:${port}`, child.exited.then(failed));
  } catch (err) {
    await child.stop(2_000);
    forgetServer(dbFile, child.pid);
    throw err;
  }
  let stopping = false;
  return {
    exited: child.exited.then((exit) =>
      // Asked to stop: not a crash, so nobody is told (the promise stays pending).
      exit.expected || stopping ? new Promise<never>(() => undefined) : new ServerExitedError(exit, child.stderrTail()),
    ),
    async stop() {
      if (stopping) return;
      stopping = true;
      // A short grace: the dev server stops in about 2 s, and SQLite's journal covers a kill.
      await child.stop(5_000);
      forgetServer(dbFile, child.pid);
    },
  };
}

/** Polls until the frontend answers (the SDK's own check, with room for a loaded machine). */
async function untilServing(address: string, died: Promise<Error>, timeoutMs = 60_000): Promise<void> {
  let dead: Error | undefined;
  void died.then((err) => (dead = err));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (dead) throw dead;
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.close();
      return;
    } catch (err) {
      if (dead) throw dead;
      if (Date.now() > deadline)
        throw new Error(`the Temporal dev server did not answer on ${address} within ${timeoutMs / 1000}s`, {
          cause: err,
        });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Without a binary of our own (no CLI, no Go), the SDK downloads the server and runs it: it
 * kills it on `stop()` only, and reports no crash (documented in docs/ARCHITECTURE.md).
 */
async function startThroughSdk(o: {
  executable: Awaited<ReturnType<typeof resolveTemporalCli>>;
  dbFile: string;
  namespace: string;
  port: number;
  uiPort: number | undefined;
  extra: readonly string[] | undefined;
}): Promise<StartedServer> {
  const { port, uiPort } = o;
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: o.executable,
        dbFilename: o.dbFile,
        namespace: o.namespace,
        ip: '127.0.0.1',
        port,
        ui: uiPort !== undefined,
        ...(uiPort ? { uiPort } : {}),
        ...(o.extra?.length ? { extraArgs: [...o.extra] } : {}),
      },
    });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    throw new Error(`the Temporal dev server (the SDK-downloaded temporal) did not start on port ${port}: ${message}`, {
      cause: err,
    });
  }
  let stopped = false;
  return {
    exited: new Promise(() => undefined),
    async stop() {
      if (stopped) return;
      stopped = true;
      await env.teardown();
    },
  };
}

export type SearchAttributeTypeName = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

const INDEXED: Record<SearchAttributeTypeName, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Text: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Int: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * Registers the custom search attributes that are missing, on a dev server or a cluster alike:
 * calling it at every start is safe.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  attributes: Readonly<Record<string, SearchAttributeTypeName>>,
): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = Object.entries(attributes).filter(([name]) => !known.has(name));
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED[type]])),
    });
  } catch (err) {
    // Another process registered them between our list and add: that is the goal reached.
    if (!/already exists/i.test((err as Error).message)) throw err;
  }
  return missing.map(([name]) => name);
}
