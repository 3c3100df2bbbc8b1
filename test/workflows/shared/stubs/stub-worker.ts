import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { type LayerKey, taskQueueFor } from '../../../../src/layers';
import { runWorkers } from '../../../../src/temporal/workers';
import { connections } from '../../../support/runtime';

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
/** Each workflows module is bundled once per test file, however many tests run it. */
const bundles = new Map<string, ReturnType<typeof bundleWorkflowCode>>();

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
