import { openStore, storeFile } from '../adapters/store';
import { API_TIMINGS, type ApiTimings, type RunningApi, startApi } from '../api/start';
import { loadConfig, redactedUrl } from '../config';
import { LAYERS, type LayerKey, isLayerKey, taskQueueFor } from '../layers';
import { withEmbeddedRuntime } from '../runtime/embedded';
import { ensureSearchAttributes } from '../temporal/dev-server';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import { installTemporalRuntime } from '../temporal/runtime';
import { createLayerWorkers, runWorkers } from '../temporal/workers';
import { startFieldTechnicians } from '../simulators/field-technicians';
import { seedStandingFault, STANDING_FAULT } from '../simulators/network';
import { ensureReadinessSchedules } from '../readiness/schedules';
import { workOrderCompletedSignal } from '../../workflows/shared/assurance-messages';
import { UsageError, parse } from './args';
import { simulatorsOfLayers, startSimulators, workerHostsSimulators } from './simulators';
import { codecDataConverter } from '../temporal/codec';
import { codecEndpointUrl } from '../api/codec';
import { loadApiConfig } from '../api/config';
import { connectClient, connectWorker, projectClient } from '../temporal/connect';
import { metricsAddressFromEnv, serveMetrics } from '../telemetry/metrics-server';
import { installTracing, shutdownTracing } from '../temporal/tracing';

const say = (line: string) => process.stderr.write(`${line}\n`);

/** Resolves when the user asks the process to stop (Ctrl-C, or SIGTERM from a supervisor). */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      say(`${signal} received: draining workers and stopping`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
}

/** `--timings standard|demo`: the waits of what the API starts (`fallback` when not given). */
function timingsOption(value: string | undefined, fallback: ApiTimings): ApiTimings {
  if (value === undefined) return fallback;
  if (!(API_TIMINGS as readonly string[]).includes(value))
    throw new UsageError(`--timings must be one of ${API_TIMINGS.join(', ')} (got '${value}')`);
  return value as ApiTimings;
}

/**
 * `etom dev`: the whole embedded default in the foreground until Ctrl-C. Its API runs the demo's
 * timings by default, with simulated field technicians, so the demos can be run by hand through
 * the TMF APIs alone; `--timings standard` keeps production's waits and no simulated technician.
 */
export async function runDev(args: string[]): Promise<number> {
  const { values } = parse(args, { timings: { type: 'string' } });
  const timings = timingsOption(values.timings, 'demo');
  const cfg = loadConfig();
  // Listen before starting anything, so a Ctrl-C during start-up still stops cleanly.
  const stopRequested = untilSignal();
  // With codec keys, the local Web UI opens sealed payloads through this API's /codec (#16).
  const uiCodecEndpoint = codecEndpointUrl(loadApiConfig());
  // Ctrl-C is dev's normal end (exit 0): it waits for the signal itself; a dead server still ends it.
  // Its own technicians (demo timings) take installs too; with standard timings none is simulated.
  const embedded = {
    log: say,
    signals: 'caller' as const,
    installers: false as const,
    ...(uiCodecEndpoint ? { uiCodecEndpoint } : {}),
  };
  await withEmbeddedRuntime(cfg, embedded, async (rt) => {
    say(`Temporal Web UI: ${rt.uiUrl ?? '(served by your cluster)'}`);
    say(`workers polling: ${LAYERS.map((l) => taskQueueFor(l, rt.taskQueuePrefix)).join(', ')}`);
    say(`enterprise store: ${cfg.storeUrl ? redactedUrl(cfg.storeUrl) : storeFile(cfg)}`);
    // Readiness runs on schedules; creating them is idempotent, so every start may ask.
    const schedules = await ensureReadinessSchedules(rt.client, { taskQueuePrefix: rt.taskQueuePrefix, log: say });
    if (schedules.length) say(`readiness schedules: ${schedules.join(', ')}`);
    const api = await startApi({
      client: rt.client,
      ports: rt.store.ports,
      dataDir: cfg.dataDir,
      taskQueuePrefix: rt.taskQueuePrefix,
      timings,
      ...(rt.uiUrl ? { webUiUrl: rt.uiUrl } : {}),
    });
    if (timings === 'demo') {
      seedStandingFault(rt.store.db);
      say(
        `sample network: ${STANDING_FAULT.customerId}'s router ${STANDING_FAULT.resourceId} (service ${STANDING_FAULT.serviceId}) is down until a technician repairs it`,
      );
    }
    const technicians =
      timings === 'demo'
        ? startFieldTechnicians({
            workforce: rt.store.ports.workforce,
            clock: rt.store.ports.clock,
            deliver: (workflowId, completion) =>
              rt.client.workflow.getHandle(workflowId).signal(workOrderCompletedSignal, completion),
          })
        : undefined;
    try {
      announceApi(api);
      if (cfg.codecKeys) say(`payloads encrypted (key ${cfg.codecKeys[0]!.id}); remote codec: ${api.address}/codec`);
      say(`timings: ${timings}${technicians ? ' (simulated field technicians report work orders done)' : ''}`);
      say('ready — Ctrl-C to stop');
      // Or until the runtime stops under us (its server died): then the API closes too.
      await Promise.race([stopRequested, untilAborted(rt.signal)]);
    } finally {
      await technicians?.stop();
      await api.close();
    }
  });
  return 0;
}

/** The API's addresses, and the default token when there is one (ETOM_API_TOKENS's are never printed). */
function announceApi(api: RunningApi): void {
  for (const base of api.bases) say(`TMF Open API: ${base}`);
  if (api.token) say(`API token (kept in ${api.token.file}): ${api.token.value}`);
  // The token rides in the fragment, which the browser never sends: the page keeps it for its calls.
  say(`Dashboard: ${api.address}/${api.token ? `#token=${api.token.value}` : ''}`);
}

/**
 * `etom api`: the TMF Open API server alone, against the configured (or local) cluster and
 * the store. It keeps no state, so several may run side by side.
 */
export async function runApi(args: string[]): Promise<number> {
  const { values } = parse(args, { timings: { type: 'string' } });
  const timings = timingsOption(values.timings, 'standard');
  installTemporalRuntime();
  installTracing(); // the orders it starts are traced from here when OTEL_EXPORTER_OTLP_ENDPOINT is set
  const cfg = loadConfig();
  const address = cfg.temporalAddress ?? `localhost:${cfg.temporalPort}`;
  const store = await openStore(cfg, { installedBase: true });
  const connection = await connectClient(address);
  try {
    const client = projectClient(connection, cfg);
    const stopRequested = untilSignal();
    const api = await startApi({
      client,
      ports: store.ports,
      dataDir: cfg.dataDir,
      taskQueuePrefix: cfg.taskQueuePrefix,
      timings,
    });
    try {
      say(`Temporal: ${address} (namespace ${cfg.namespace})`);
      announceApi(api);
      await stopRequested;
    } finally {
      await api.close();
    }
  } finally {
    await shutdownTracing();
    await connection.close();
    await store.close();
  }
  return 0;
}

/**
 * `etom worker [--layer L] [--no-simulators]`: workers only, against the configured (or local)
 * cluster; with their layers' active simulators unless told not to (see `etom simulators`).
 */
export async function runWorker(args: string[]): Promise<number> {
  const { values } = parse(args, { layer: { type: 'string' }, 'no-simulators': { type: 'boolean' } });
  let layers: readonly LayerKey[] = LAYERS;
  if (values.layer !== undefined) {
    if (!isLayerKey(values.layer))
      throw new UsageError(`--layer must be one of ${LAYERS.join(', ')} (got '${values.layer}')`);
    layers = [values.layer];
  }
  const hostsSimulators = workerHostsSimulators(values['no-simulators']);
  installTemporalRuntime();
  const cfg = loadConfig();
  const metricsAt = metricsAddressFromEnv();
  const address = cfg.temporalAddress ?? `localhost:${cfg.temporalPort}`;
  const store = await openStore(cfg, { installedBase: true });
  const connection = await connectWorker(address);
  const clientConnection = await connectClient(address);
  try {
    await ensureSearchAttributes(clientConnection, cfg.namespace, SEARCH_ATTRIBUTES);
    const client = projectClient(clientConnection, cfg);
    const workers = await createLayerWorkers({
      connection,
      namespace: cfg.namespace,
      ports: store.ports,
      layers,
      taskQueuePrefix: cfg.taskQueuePrefix,
      dataConverter: codecDataConverter(cfg.codecKeys),
    });
    say(`workers polling ${layers.map((l) => taskQueueFor(l, cfg.taskQueuePrefix)).join(', ')} on ${address}`);
    // No API server here: the process's own Prometheus endpoint, when ETOM_METRICS_PORT asks for one.
    const metrics = metricsAt ? await serveMetrics(metricsAt.port, metricsAt.host) : undefined;
    if (metrics) say(`metrics: ${metrics.url}`);
    // Alone, the S/PRM worker also hosts the simulated suppliers, who answer its partner orders,
    // and the RM&O worker the installers, who report a fibre order's visit (1.O.3.1.6), as in
    // the embedded runtime. Where replicas run, `etom simulators` hosts them once instead.
    const hosted = startSimulators({
      store,
      client,
      names: hostsSimulators ? simulatorsOfLayers(layers) : [],
    });
    say(
      `simulators hosted here: ${
        hosted.names.length
          ? hosted.names.join(', ')
          : hostsSimulators
            ? 'none for these layers'
            : 'none (--no-simulators or ETOM_SIMULATORS=off: etom simulators runs them)'
      }`,
    );
    void untilSignal().then(() => workers.forEach((w) => w.shutdown()));
    await runWorkers(workers);
    await hosted.stop();
    await metrics?.close();
  } finally {
    await shutdownTracing();
    await clientConnection.close();
    await connection.close();
    await store.close();
  }
  return 0;
}
