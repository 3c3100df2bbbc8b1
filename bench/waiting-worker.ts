import v8 from 'node:v8';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivitiesByLayer } from '../activities';
import { createSqliteStore } from '../src/adapters/sqlite';
import { installTemporalRuntime } from '../src/temporal/runtime';

/**
 * The measured process of `bench waiting`: one worker, forked by the benchmark, alone in its
 * process so that its RSS is its own. The project's side and the bare side run this same
 * process — the same bundle, the same store opened, the same activities registered, the same
 * options — and differ only in the workflows the benchmark starts on its queue. It answers the
 * benchmark over IPC: `ready` once polling, its status on `status`, and it stops on `stop`.
 */
export interface WaitingWorkerConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** The benchmark's bundle (bench/workflows.ts), built once by the parent and written here. */
  codePath: string;
  storeFile: string;
  /** Supplier time speed: a delivery falls due in seconds, so the release finds it due. */
  supplierSpeed: number;
  options: Partial<WorkerOptions>;
}

export type WaitingWorkerMessage =
  | { type: 'ready' }
  | {
      type: 'status';
      cached: number;
      activations: number;
      activities: number;
      /** The main thread's V8 heap, for the record; the measure is the process's RSS. */
      heapUsed: number;
    }
  | {
      type: 'heap';
      /** After a full GC: the main thread's heap, where the workflows live under `debugMode`. */
      heapUsed: number;
      /** V8's heap beside the process's RSS: what is outside it is native (the SDK's core, buffers). */
      totalHeapSize: number;
      externalMemory: number;
      snapshot?: string;
    };

async function main(): Promise<void> {
  const config = JSON.parse(process.env['ETOM_BENCH_WAITING'] ?? '') as WaitingWorkerConfig;
  installTemporalRuntime();
  const store = createSqliteStore({ filename: config.storeFile, supplierSpeed: config.supplierSpeed });
  const layers = createActivitiesByLayer(store.ports);
  const connection = await NativeConnection.connect({ address: config.address });
  // One queue for the three kinds of wait (CRM's, RM&O's and S/PRM's workflows): one worker,
  // one sticky cache, so `maxCachedWorkflows` bounds all of them.
  const worker = await Worker.create({
    connection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    workflowBundle: { codePath: config.codePath },
    activities: { ...layers.crm, ...layers.rmo, ...layers.sprm },
    ...config.options,
  });
  const send = (m: WaitingWorkerMessage) => process.send?.(m);
  // The benchmark gone (stopped, crashed), the worker goes too: nothing is left polling.
  process.once('disconnect', () => process.exit(0));
  process.on('message', (m: { type: string }) => {
    if (m.type === 'status') {
      const s = worker.getStatus();
      send({
        type: 'status',
        cached: s.numCachedWorkflows,
        activations: s.numInFlightWorkflowActivations,
        activities: s.numInFlightActivities,
        heapUsed: process.memoryUsage().heapUsed,
      });
    } else if (m.type === 'heap') {
      // Only the heap probe (ETOM_BENCH_HEAP) asks: a full GC first, so that what is counted
      // is what the cached workflows hold, not garbage; a snapshot where it names a file.
      (globalThis as { gc?: () => void }).gc?.();
      const h = v8.getHeapStatistics();
      const file = (m as { snapshot?: string }).snapshot;
      send({
        type: 'heap',
        heapUsed: h.used_heap_size,
        totalHeapSize: h.total_heap_size,
        externalMemory: h.external_memory,
        ...(file ? { snapshot: v8.writeHeapSnapshot(file) } : {}),
      });
    } else if (m.type === 'stop' && worker.getState() === 'RUNNING') worker.shutdown();
  });
  const ready = setInterval(() => {
    if (worker.getState() !== 'RUNNING') return;
    clearInterval(ready);
    send({ type: 'ready' });
  }, 100);
  try {
    await worker.run();
  } finally {
    clearInterval(ready);
    await connection.close();
    store.close();
    process.disconnect?.(); // the IPC channel would keep the process alive
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`waiting worker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
