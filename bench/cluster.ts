import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../src/temporal/bundle';
import { bundleWorkflowCode, NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { loadConfig } from '../src/config';
import { ensureSearchAttributes, freePort, startTemporal } from '../src/temporal/dev-server';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { SEARCH_ATTRIBUTES } from '../src/temporal/search-attributes';
import { benchServerArgs } from './options';
import { CLIENT_INTERCEPTORS } from '../src/temporal/summaries';

/** What every scenario measures on: a server of its own, its connections, one workflow bundle. */
export interface BenchCluster {
  /** The server's address, for workers in processes of their own. */
  address: string;
  namespace: string;
  client: Client;
  /** For the workers. */
  native: NativeConnection;
  /** The project's workflows and the bare baselines (bench/workflows.ts), bundled once. */
  workflowBundle: WorkflowBundleWithSourceMap;
  close(): Promise<void>;
}

/** A fresh dev server (database under `dir`), so no scenario meets another's history. */
export async function startBenchCluster(dir: string, say: (line: string) => void): Promise<BenchCluster> {
  installTemporalRuntime();
  const server = await startTemporal(
    { ...loadConfig(), temporalPort: await freePort(), temporalUiPort: await freePort() },
    { dbFile: path.join(dir, 'temporal.db'), ui: false, log: say, extraArgs: benchServerArgs() },
  );
  const connection = await Connection.connect({ address: server.address });
  await ensureSearchAttributes(connection, server.namespace, SEARCH_ATTRIBUTES);
  const native = await NativeConnection.connect({ address: server.address });
  say('bundling workflows…');
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, 'workflows.ts'),
    // The production bundle's interceptors, on the bare side's workflows as on the project's.
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: say, error: say },
  });
  return {
    address: server.address,
    namespace: server.namespace,
    client: new Client({ connection, namespace: server.namespace, interceptors: CLIENT_INTERCEPTORS }),
    native,
    workflowBundle,
    close: async () => {
      await connection.close();
      await native.close();
      await server.stop();
    },
  };
}
