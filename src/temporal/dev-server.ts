import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { EtomConfig } from '../config';
import { type Log, resolveTemporalCli } from './cli-binary';

export interface RunningTemporal {
  address: string;
  namespace: string;
  /** The Web UI, when this process started a local server with it. */
  uiUrl?: string;
  startedLocally: boolean;
  stop(): Promise<void>;
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

function portFree(port: number): Promise<boolean> {
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
 * and its Web UI, stopped by `stop()`. The SDK runs the binary: it already takes a database
 * file, fixed ports and the namespace to create, and kills the process on teardown (a hard kill,
 * which SQLite's journal makes safe: committed workflow state survives it).
 */
export async function startTemporal(cfg: TemporalConfig, opts: StartTemporalOptions = {}): Promise<RunningTemporal> {
  const log = opts.log ?? (() => undefined);
  if (cfg.temporalAddress) {
    log(`using the Temporal cluster at ${cfg.temporalAddress} (namespace ${cfg.namespace})`);
    return {
      address: cfg.temporalAddress,
      namespace: cfg.namespace,
      startedLocally: false,
      stop: async () => undefined,
    };
  }
  const ui = opts.ui ?? true;
  const port = await choosePort(cfg.temporalPort, 'TEMPORAL_PORT');
  const uiPort = ui ? await choosePort(cfg.temporalUiPort, 'TEMPORAL_UI_PORT') : undefined;
  const executable = await resolveTemporalCli(cfg, log);
  const dbFile = path.resolve(opts.dbFile ?? path.join(cfg.dataDir, 'temporal.db'));
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  log(`starting the Temporal dev server on 127.0.0.1:${port} (database ${dbFile})`);
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable,
        dbFilename: dbFile,
        namespace: cfg.namespace,
        ip: '127.0.0.1',
        port,
        ui,
        ...(uiPort ? { uiPort } : {}),
        ...(opts.extraArgs?.length ? { extraArgs: [...opts.extraArgs] } : {}),
      },
    });
  } catch (err) {
    const binary = executable.type === 'existing-path' ? executable.path : 'the SDK-downloaded temporal';
    const message = (err as Error).message.split('\n')[0];
    throw new Error(`the Temporal dev server (${binary}) did not start on port ${port}: ${message}`, { cause: err });
  }
  let stopped = false;
  return {
    address: `127.0.0.1:${port}`,
    namespace: cfg.namespace,
    uiUrl: uiPort ? `http://localhost:${uiPort}` : undefined,
    startedLocally: true,
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
