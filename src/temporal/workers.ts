import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivitiesByLayer } from '../../activities';
import { injectFaults } from '../adapters/fault-injection';
import { loadConfig } from '../config';
import { LAYERS, type LayerKey, taskQueueFor } from '../layers';
import type { Ports } from '../ports';
import { cachedWorkflowBundle } from './bundle-cache';
import { processMetricsInterceptor } from './process-metrics';
import { createProcessRunRecorder } from './process-runs';
import { installTemporalRuntime } from './runtime';
import { activityLogAttributes } from './log-attributes';
import { installTracing, tracingActivityInterceptors, tracingSinks } from './tracing';

export interface LayerWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  ports: Ports;
  /** Which layers this process serves; all four by default. */
  layers?: readonly LayerKey[];
  taskQueuePrefix?: string;
  /** A bundle built once and shared (tests, several workers in one process). */
  workflowBundle?: WorkflowBundleOption;
  /** The payload codec when keys are configured (deploymentDataConverter); the SDK's default otherwise. */
  dataConverter?: DataConverter;
  /** Share of the activities' adapter calls made to fail (chaos, #16); from ETOM_FAULT_RATE by default, 0. */
  faultRate?: number;
  /** Workflows this process keeps cached, its layers together; from ETOM_WORKER_CACHE by default (2,000). */
  cachedWorkflows?: number;
}

/**
 * Each layer worker's `maxCachedWorkflows`: the process's budget shared evenly. The SDK sizes
 * each worker's cache from the heap limit as if it were alone in its process (about 2,300 here),
 * so four layer workers could together cache four times that: about 2.5 GB of RSS at what a
 * cached workflow costs (bench/README, P4). A workflow evicted is replayed when it next has work.
 */
export function cachePerLayer(cachedWorkflows: number, layers: number): number {
  if (cachedWorkflows === 0) return 0;
  return Math.max(2, Math.floor(cachedWorkflows / layers)); // the SDK takes 0 (no cache) or 2 and up
}

/**
 * One worker per layer, each polling its own task queue with that layer's activities, so a
 * layer can be deployed and scaled alone; all of them share the one workflow bundle.
 */
export async function createLayerWorkers(opts: LayerWorkersOptions): Promise<Worker[]> {
  installTemporalRuntime();
  installTracing(); // from OTEL_EXPORTER_OTLP_ENDPOINT, before the bundle: off when it is not set
  const layers = opts.layers ?? LAYERS;
  const workflowBundle = opts.workflowBundle ?? (await cachedWorkflowBundle({ cacheDir: loadConfig().cacheDir }));
  const faults = opts.faultRate === undefined ? loadConfig() : { faultRate: opts.faultRate, faultAfterShare: 0 };
  const maxCachedWorkflows = cachePerLayer(opts.cachedWorkflows ?? loadConfig().workerCache, layers.length);
  const activities = createActivitiesByLayer(
    faults.faultRate > 0
      ? injectFaults(opts.ports, { rate: faults.faultRate, afterShare: faults.faultAfterShare }).ports
      : opts.ports,
  );
  // One recorder for the layers of this process: their runs share its batches.
  const runs = createProcessRunRecorder(opts.ports.processRuns);
  const workers = await Promise.all(
    layers.map((layer) =>
      Worker.create({
        connection: opts.connection,
        namespace: opts.namespace,
        taskQueue: taskQueueFor(layer, opts.taskQueuePrefix),
        workflowBundle,
        maxCachedWorkflows,
        ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
        activities: activities[layer],
        // Tracing outermost: the others run inside the activity's span.
        interceptors: {
          activity: [
            ...tracingActivityInterceptors(),
            activityLogAttributes,
            processMetricsInterceptor,
            runs.interceptor,
          ],
        },
        sinks: tracingSinks(),
      }),
    ),
  );
  return runs.flushOnStop(workers);
}

/** Runs the workers until `until` settles (or forever), then shuts them all down. */
export async function runWorkers<T>(workers: Worker[], until?: Promise<T>): Promise<T | undefined> {
  if (!until) {
    await Promise.all(workers.map((w) => w.run()));
    return undefined;
  }
  // Nest runUntil so that every worker drains before the caller continues.
  const [first, ...rest] = workers;
  if (!first) return until;
  return first.runUntil(rest.length ? runWorkers(rest, until) : until) as Promise<T>;
}
