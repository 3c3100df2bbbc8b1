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
  /** The dev server's SQLite database: a file keeps workflows across restarts. */
  dbFile?: string;
  ui?: boolean;
  log?: Log;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * The Temporal server the project runs against: the cluster at TEMPORAL_ADDRESS when set
 * (nothing is started), else a local `temporal server start-dev` with a persistent database
 * and its Web UI, stopped cleanly by `stop()`.
 */
export async function startTemporal(
  cfg: Pick<EtomConfig, 'temporalAddress' | 'namespace' | 'temporalCliPath' | 'cacheDir' | 'temporalPort' | 'temporalUiPort'>,
  opts: StartTemporalOptions = {},
): Promise<RunningTemporal> {
  const log = opts.log ?? (() => undefined);
  if (cfg.temporalAddress) {
    log(`using the Temporal cluster at ${cfg.temporalAddress} (namespace ${cfg.namespace})`);
    return { address: cfg.temporalAddress, namespace: cfg.namespace, startedLocally: false, stop: async () => undefined };
  }
  const ui = opts.ui ?? true;
  for (const [port, variable] of [
    [cfg.temporalPort, 'TEMPORAL_PORT'],
    ...(ui ? [[cfg.temporalUiPort, 'TEMPORAL_UI_PORT'] as const] : []),
  ] as const) {
    if (!(await portFree(port))) {
      throw new Error(
        `port ${port} is in use (is another 'etom dev' running?): stop it, set ${variable} to a free port, or set TEMPORAL_ADDRESS to use that server`,
      );
    }
  }
  const executable = await resolveTemporalCli(cfg, log);
  if (opts.dbFile) fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
  log(`starting the Temporal dev server on localhost:${cfg.temporalPort}${opts.dbFile ? ` (database ${opts.dbFile})` : ''}`);
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable,
      dbFilename: opts.dbFile,
      namespace: cfg.namespace,
      ip: '127.0.0.1',
      port: cfg.temporalPort,
      ui,
      ...(ui ? { uiPort: cfg.temporalUiPort } : {}),
    },
  });
  const address = `127.0.0.1:${cfg.temporalPort}`;
  let stopped = false;
  return {
    address,
    namespace: cfg.namespace,
    uiUrl: ui ? `http://localhost:${cfg.temporalUiPort}` : undefined,
    startedLocally: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await env.teardown();
    },
  };
}

type AttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

const INDEXED: Record<AttributeType, temporal.api.enums.v1.IndexedValueType> = {
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
  attributes: Readonly<Record<string, AttributeType>>,
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
