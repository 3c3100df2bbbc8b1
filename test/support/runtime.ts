import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { NativeConnection, type Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { inject } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite';
import { LAYERS, type LayerKey, taskQueueFor } from '../../src/layers';
import type { Clock } from '../../src/ports';
import { ensureSearchAttributes } from '../../src/temporal/dev-server';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { createLayerWorkers, runWorkers } from '../../src/temporal/workers';
import { startSupplierSimulator } from '../../src/simulators/supplier-report-delivery';
import { startFieldTechnicians } from '../../src/simulators/field-technicians';
import { workOrderCompletedSignal } from '../../workflows/shared/assurance-messages';
import { CLIENT_INTERCEPTORS } from '../../src/temporal/summaries';

export interface TestRuntime {
  client: Client;
  store: SqliteStore;
  prefix: string;
  queue(layer: LayerKey): string;
  /** A workflow id no other test uses. */
  id(name: string): string;
  /** The layer workers polling this test's queues, in the order of its layers. */
  workers: readonly Worker[];
}

let shared: Promise<{ client: Client; native: NativeConnection }> | undefined;

/** The client and worker connections to the shared test server, made once per test file. */
export function connections() {
  shared ??= (async () => {
    installTemporalRuntime();
    const address = inject('temporalAddress');
    const namespace = inject('temporalNamespace');
    const connection = await Connection.connect({ address });
    await ensureSearchAttributes(connection, namespace, SEARCH_ATTRIBUTES);
    const native = await NativeConnection.connect({ address });
    return { client: new Client({ connection, namespace, interceptors: CLIENT_INTERCEPTORS }), native };
  })();
  return shared;
}

const namespaces = new Map<string, Promise<void>>();
/** A namespace registered on the shared server, once usable (each service sees it at its next cache refresh). */
export function ensureNamespace(connection: Connection, namespace: string): Promise<void> {
  let ready = namespaces.get(namespace);
  if (!ready) {
    ready = (async () => {
      await connection.workflowService
        .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') })
        .catch((err: Error) => {
          if (!/already/i.test(err.message)) throw err;
        });
      const until = Date.now() + 60_000;
      for (;;) {
        try {
          await ensureSearchAttributes(connection, namespace, SEARCH_ATTRIBUTES);
          return;
        } catch (err) {
          if (Date.now() > until) throw err;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    })();
    namespaces.set(namespace, ready);
  }
  return ready;
}

/**
 * Runs `body` against the shared server with the four layer workers polling task queues of
 * this test's own, over a private in-memory store seeded with the sample operator.
 */
export async function withWorkers<T>(
  body: (rt: TestRuntime) => Promise<T>,
  opts: {
    clock?: Clock;
    layers?: readonly LayerKey[];
    store?: SqliteStore;
    supplierSpeed?: number;
    /** Start from the installed base (customers with active services): assurance and billing do. */
    installedBase?: boolean;
    /** Another bundle than the shared one (the tracing test's, with its interceptors). */
    workflowBundle?: WorkflowBundleOption;
    /** `false`: no simulated installer reports a fibre order's visit; the test plays the technician. */
    installers?: false;
    /** The payload codec (#16): the test's client and workers then both seal payloads. */
    dataConverter?: DataConverter;
    /** A namespace of its own on the shared server (registered if missing): a second enterprise's. */
    namespace?: string;
    /** The process's workflow cache, its layers together (ETOM_WORKER_CACHE's default otherwise). */
    cachedWorkflows?: number;
  } = {},
): Promise<T> {
  const shared = await connections();
  const { native } = shared;
  const namespace = opts.namespace ?? inject('temporalNamespace');
  if (opts.namespace) await ensureNamespace(shared.client.connection as Connection, opts.namespace);
  const client =
    opts.dataConverter || opts.namespace
      ? new Client({
          connection: shared.client.connection,
          namespace,
          interceptors: CLIENT_INTERCEPTORS,
          ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
        })
      : shared.client;
  const store =
    opts.store ??
    createSqliteStore({
      filename: ':memory:',
      clock: opts.clock,
      supplierSpeed: opts.supplierSpeed,
      installedBase: opts.installedBase,
    });
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const workers = await createLayerWorkers({
    connection: native,
    namespace,
    ports: store.ports,
    layers: opts.layers ?? LAYERS,
    taskQueuePrefix: prefix,
    workflowBundle: opts.workflowBundle ?? { codePath: inject('workflowBundlePath') },
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
    ...(opts.cachedWorkflows === undefined ? {} : { cachedWorkflows: opts.cachedWorkflows }),
  });
  const rt: TestRuntime = {
    workers,
    client,
    store,
    prefix,
    queue: (layer) => taskQueueFor(layer, prefix),
    id: (name) => `${name}-${prefix}`,
  };
  // The suppliers answer the partner orders of this test, by signal, as they would in production.
  const suppliers = startSupplierSimulator({
    db: store.db,
    clock: opts.clock ?? (() => new Date()),
    deliver: (workflowId, signal, report) => client.workflow.getHandle(workflowId).signal(signal, report),
    intervalMs: 100,
  });
  // Installers report a fibre order's visit done to Manage Workforce, by signal; repairs stay
  // for the assurance tests to report (or not) themselves.
  const installers =
    opts.installers === false
      ? undefined
      : startFieldTechnicians({
          workforce: store.ports.workforce,
          clock: opts.clock ?? (() => new Date()),
          deliver: (workflowId, completion) =>
            client.workflow.getHandle(workflowId).signal(workOrderCompletedSignal, completion),
          onSiteMs: 0,
          intervalMs: 100,
          kinds: ['install'],
        });
  try {
    return (await runWorkers(workers, body(rt))) as T;
  } finally {
    await installers?.stop();
    await suppliers.stop();
    if (!opts.store) store.close();
  }
}
