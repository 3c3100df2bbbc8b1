import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { type LayerKey, taskQueueFor } from '../../../../src/layers';
import { ensureSearchAttributes } from '../../../../src/temporal/dev-server';
import { installTemporalRuntime } from '../../../../src/temporal/runtime';
import { SEARCH_ATTRIBUTES } from '../../../../src/temporal/search-attributes';
import { runWorkers } from '../../../../src/temporal/workers';

/** One call a stub activity received: its name and its input. */
export interface Call {
  name: string;
  input: Record<string, unknown>;
}

export interface StubRuntime {
  client: Client;
  queue(layer: LayerKey): string;
  /** A workflow id no other test uses. */
  id(name: string): string;
}

const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined };
const bundles = new Map<string, ReturnType<typeof bundleWorkflowCode>>();
let shared: Promise<{ client: Client; native: NativeConnection }> | undefined;

function connections() {
  shared ??= (async () => {
    installTemporalRuntime();
    const address = inject('temporalAddress');
    const namespace = inject('temporalNamespace');
    const connection = await Connection.connect({ address });
    await ensureSearchAttributes(connection, namespace, SEARCH_ATTRIBUTES);
    return { client: new Client({ connection, namespace }), native: await NativeConnection.connect({ address }) };
  })();
  return shared;
}

/**
 * Runs `body` against the shared test server with workers that run the workflows of
 * `workflowsPath` (the real workflow under test, and stubs of the children it starts) and
 * the given stub activities, on task queues of this call's own for each layer asked for.
 * No store, no simulator: the test decides every answer, and reads the calls it recorded.
 */
export async function withStubWorkers<T>(
  opts: { workflowsPath: string; activities: object; layers: readonly LayerKey[] },
  body: (rt: StubRuntime) => Promise<T>,
): Promise<T> {
  const { client, native } = await connections();
  let bundle = bundles.get(opts.workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath: opts.workflowsPath,
      logger: { ...quiet, warn: console.warn, error: console.error },
    });
    bundles.set(opts.workflowsPath, bundle);
  }
  const { code } = await bundle;
  const prefix = `s${randomUUID().slice(0, 8)}`;
  const workers = await Promise.all(
    opts.layers.map((layer) =>
      Worker.create({
        connection: native,
        namespace: inject('temporalNamespace'),
        taskQueue: taskQueueFor(layer, prefix),
        workflowBundle: { code },
        activities: opts.activities,
      }),
    ),
  );
  const rt: StubRuntime = { client, queue: (layer) => taskQueueFor(layer, prefix), id: (name) => `${name}-${prefix}` };
  return (await runWorkers(workers, body(rt))) as T;
}
