import path from 'node:path';
import { Client, type Connection } from '@temporalio/client';
import { type NativeConnection, type Worker } from '@temporalio/worker';
import { createSqliteStore, type SqliteStore } from '../adapters/sqlite';
import type { EtomConfig } from '../config';
import { LAYERS, type LayerKey } from '../layers';
import { ensureSearchAttributes, type RunningTemporal, startTemporal } from '../temporal/dev-server';
import { lockDataDir } from './data-dir-lock';
import { installTemporalRuntime } from '../temporal/runtime';
import { createLayerWorkers, runWorkers } from '../temporal/workers';
import { startSupplierSimulator } from '../simulators/supplier-report-delivery';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import { CLIENT_INTERCEPTORS } from '../temporal/summaries';
import { connectClient, connectWorker } from '../temporal/connect';

export interface Runtime {
  client: Client;
  store: SqliteStore;
  namespace: string;
  taskQueuePrefix: string;
  uiUrl?: string;
}

export interface EmbeddedOptions {
  layers?: readonly LayerKey[];
  log?: (line: string) => void;
  /** Start the Temporal Web UI with a local server (default true). */
  ui?: boolean;
}

/**
 * The embedded default, in one call: a Temporal server (the configured cluster, or a local
 * dev server with a persistent database), the SQLite enterprise store, and the layer workers.
 * `body` runs while the workers poll; everything is shut down in reverse order afterwards,
 * whether `body` succeeded or not.
 */
export async function withEmbeddedRuntime<T>(
  cfg: EtomConfig,
  opts: EmbeddedOptions,
  body: (rt: Runtime) => Promise<T>,
): Promise<T> {
  const log = opts.log ?? (() => undefined);
  installTemporalRuntime();
  // A local server owns the data dir's databases: one process at a time.
  const release = cfg.temporalAddress ? () => undefined : lockDataDir(cfg.dataDir);
  let server: RunningTemporal;
  try {
    server = await startTemporal(cfg, {
      dbFile: path.join(cfg.dataDir, 'temporal.db'),
      ui: opts.ui ?? true,
      log,
    });
  } catch (err) {
    release();
    throw err;
  }
  const store = createSqliteStore({ filename: path.join(cfg.dataDir, 'etom.db'), installedBase: true });
  let nativeConnection: NativeConnection | undefined;
  let connection: Connection | undefined;
  try {
    nativeConnection = await connectWorker(server.address);
    connection = await connectClient(server.address);
    await ensureSearchAttributes(connection, server.namespace, SEARCH_ATTRIBUTES);
    const client = new Client({ connection, namespace: server.namespace, interceptors: CLIENT_INTERCEPTORS });
    const workers: Worker[] = await createLayerWorkers({
      connection: nativeConnection,
      namespace: server.namespace,
      ports: store.ports,
      layers: opts.layers ?? LAYERS,
      taskQueuePrefix: cfg.taskQueuePrefix,
    });
    // The simulated suppliers send their reports to the partner order workflows, by signal.
    const suppliers = startSupplierSimulator({
      db: store.db,
      clock: store.ports.clock,
      deliver: (workflowId, signal, report) => client.workflow.getHandle(workflowId).signal(signal, report),
    });
    try {
      return (await runWorkers(
        workers,
        body({ client, store, namespace: server.namespace, taskQueuePrefix: cfg.taskQueuePrefix, uiUrl: server.uiUrl }),
      )) as T;
    } finally {
      await suppliers.stop();
    }
  } finally {
    await connection?.close();
    await nativeConnection?.close();
    store.close();
    await server.stop();
    release();
  }
}
