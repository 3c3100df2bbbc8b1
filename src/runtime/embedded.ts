import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { Client, type Connection } from '@temporalio/client';
import { type NativeConnection, type Worker } from '@temporalio/worker';
import { type EnterpriseStore, openStore } from '../adapters/store';
import type { EtomConfig } from '../config';
import { LAYERS, type LayerKey } from '../layers';
import { ensureSearchAttributes, type RunningTemporal, startTemporal } from '../temporal/dev-server';
import { lockDataDir } from './data-dir-lock';
import { installTemporalRuntime } from '../temporal/runtime';
import { createLayerWorkers, runWorkers } from '../temporal/workers';
import { startSupplierSimulator } from '../simulators/supplier-report-delivery';
import { startFieldTechnicians } from '../simulators/field-technicians';
import { workOrderCompletedSignal } from '../../workflows/shared/assurance-messages';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import { CLIENT_INTERCEPTORS } from '../temporal/summaries';
import { connectClient, connectWorker } from '../temporal/connect';
import { codecDataConverter } from '../temporal/codec';
import { type Interrupted, onStopSignals } from './stop-signals';

/**
 * What a flow needs of the store: its ports, and the simulated world's state (`db`). A store a
 * test made itself (a SQLite one) has no `injectUsageAnomalies`: the SQLite file is the feed's.
 */
export type RuntimeStore = Pick<EnterpriseStore, 'db' | 'ports'> &
  Partial<Pick<EnterpriseStore, 'injectUsageAnomalies' | 'withClock'>>;

export interface Runtime {
  client: Client;
  store: RuntimeStore;
  namespace: string;
  taskQueuePrefix: string;
  uiUrl?: string;
  /** Aborted when the runtime stops under `body` (a signal, a dead server): loops that poll end on it. */
  signal?: AbortSignal;
}

export interface EmbeddedOptions {
  layers?: readonly LayerKey[];
  log?: (line: string) => void;
  /** Start the Temporal Web UI with a local server (default true). */
  ui?: boolean;
  /**
   * What SIGINT and SIGTERM do while the runtime is up. 'interrupt' (the default): `body` is
   * abandoned, the workers drain, the server stops, the data dir is released, and the call
   * rejects with `Interrupted` (a demo exits 130 or 143). 'caller': the caller waits for the
   * signal itself and ends `body` (`etom dev`, for which Ctrl-C is the normal end).
   */
  signals?: 'interrupt' | 'caller';
  /**
   * Simulated installers report each fibre order's on-site visit done (1.O.3.1.6) after
   * `onSiteMs` (the demos' pace, default 2 s); `false` leaves installs to real technicians
   * (`etom dev --timings standard`, or a caller with its own field force).
   */
  installers?: false | { onSiteMs?: number };
  /** The API's remote codec (`http://127.0.0.1:8622/codec`), for the local Web UI when keys are configured. */
  uiCodecEndpoint?: string;
}

/**
 * The embedded default, in one call: a Temporal server (the configured cluster, or a local
 * dev server with a persistent database), the enterprise store (SQLite in the data dir, or
 * PostgreSQL when ETOM_STORE_URL is set), and the layer workers.
 * `body` runs while the workers poll; everything is shut down in reverse order afterwards,
 * whether `body` succeeded or not. A local server that dies ends `body` with `ServerExitedError`
 * (one line: "Temporal server exited (code 1) — stopping"): nothing runs on against it, so the
 * workers do not retry into a dead port. It is not restarted: a server that died once on this
 * database is for a person to look at (its last lines are on the error).
 */
export async function withEmbeddedRuntime<T>(
  cfg: EtomConfig,
  opts: EmbeddedOptions,
  body: (rt: Runtime) => Promise<T>,
): Promise<T> {
  const log = opts.log ?? (() => undefined);
  installTemporalRuntime();
  // From the first moment: a Ctrl-C during the server's start still stops it.
  const signals = opts.signals === 'caller' ? undefined : onStopSignals(log);
  try {
    return await run(cfg, opts, log, body, signals?.interrupted);
  } finally {
    signals?.dispose();
  }
}

async function run<T>(
  cfg: EtomConfig,
  opts: EmbeddedOptions,
  log: (line: string) => void,
  body: (rt: Runtime) => Promise<T>,
  interrupted: Promise<Interrupted> | undefined,
): Promise<T> {
  let stopBy: Error | undefined;
  void interrupted?.then((i) => (stopBy = i));
  // Starting takes a while (the server, the workers' bundle): a signal meanwhile stops at the next step.
  const stillWanted = () => {
    if (stopBy) throw stopBy;
  };
  // A local server owns the data dir's databases: one process at a time.
  const release = cfg.temporalAddress ? () => undefined : lockDataDir(cfg.dataDir);
  let server: RunningTemporal;
  try {
    server = await startTemporal(cfg, {
      dbFile: path.join(cfg.dataDir, 'temporal.db'),
      ui: opts.ui ?? true,
      log,
      // The Web UI opens sealed payloads through the API's codec endpoint (#16).
      ...(opts.uiCodecEndpoint && cfg.codecKeys ? { extraArgs: ['--ui-codec-endpoint', opts.uiCodecEndpoint] } : {}),
    });
  } catch (err) {
    release();
    throw err;
  }
  let store: EnterpriseStore;
  try {
    store = await openStore(cfg, { installedBase: true });
  } catch (err) {
    await server.stop();
    release();
    throw err;
  }
  let nativeConnection: NativeConnection | undefined;
  let connection: Connection | undefined;
  try {
    void server.exited.then((e) => (stopBy ??= e));
    stillWanted();
    nativeConnection = await connectWorker(server.address);
    connection = await connectClient(server.address);
    await ensureSearchAttributes(connection, server.namespace, SEARCH_ATTRIBUTES);
    const dataConverter = codecDataConverter(cfg.codecKeys); // payloads sealed when keys are configured (#16)
    const client = new Client({
      connection,
      namespace: server.namespace,
      interceptors: CLIENT_INTERCEPTORS,
      dataConverter,
    });
    const workers: Worker[] = await createLayerWorkers({
      connection: nativeConnection,
      namespace: server.namespace,
      ports: store.ports,
      layers: opts.layers ?? LAYERS,
      taskQueuePrefix: cfg.taskQueuePrefix,
      dataConverter,
    });
    stillWanted();
    // The simulated suppliers send their reports to the partner order workflows, by signal.
    const suppliers = startSupplierSimulator({
      db: store.db,
      clock: store.ports.clock,
      deliver: (workflowId, signal, report) => client.workflow.getHandle(workflowId).signal(signal, report),
    });
    const installers =
      opts.installers === false
        ? undefined
        : startFieldTechnicians({
            workforce: store.ports.workforce,
            clock: store.ports.clock,
            deliver: (workflowId, completion) =>
              client.workflow.getHandle(workflowId).signal(workOrderCompletedSignal, completion),
            onSiteMs: opts.installers?.onSiteMs ?? 2_000,
            kinds: ['install'],
          });
    const ended = Promise.race([interrupted ?? new Promise<never>(() => undefined), server.exited]).then((err) => {
      throw err;
    });
    // Every call `body` makes carries this signal: stopping cancels them, so nothing it left
    // waiting retries into a closed connection.
    const stopping = new AbortController();
    setMaxListeners(0, stopping.signal); // one listener per call in flight: a demo has dozens
    const rt = {
      client,
      store,
      namespace: server.namespace,
      taskQueuePrefix: cfg.taskQueuePrefix,
      uiUrl: server.uiUrl,
      signal: stopping.signal,
    };
    const work = connection.withAbortSignal(stopping.signal, () => body(rt));
    const settled = work.then(
      () => undefined,
      () => undefined, // an abandoned body fails on its way down: no news once we are stopping
    );
    try {
      return (await runWorkers(workers, Promise.race([work, ended]))) as T;
    } finally {
      stopping.abort();
      await Promise.race([settled, new Promise((r) => setTimeout(r, 5_000).unref())]);
      await installers?.stop();
      await suppliers.stop();
    }
  } finally {
    await connection?.close();
    await nativeConnection?.close();
    await store.close();
    await server.stop();
    release();
  }
}
