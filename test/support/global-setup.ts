import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { loadConfig } from '../../src/config';
import { startTemporal } from '../../src/temporal/dev-server';
import { cachedWorkflowBundle } from '../../src/temporal/bundle-cache';
import { freePort } from '../../src/temporal/dev-server';
import { resolveServerBinaries } from '../../src/cluster/temporal-server';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    workflowBundlePath: string;
  }
}

/**
 * One Temporal server for the whole run (or the cluster in TEMPORAL_ADDRESS), and the
 * workflow code bundled once; every test then brings its own task queues and store.
 */
export default async function setup(project: TestProject) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-test-'));
  const port = await freePort();
  const cfg = {
    ...loadConfig(),
    temporalPort: port,
    temporalUiPort: await freePort(),
    dataDir: tmp,
  };
  const log = (line: string) => process.stderr.write(`[temporal] ${line}\n`);
  // The cluster test needs Temporal's own server, built once with go (minutes on a cold cache):
  // start that build now, beside the other tests; the cluster test waits on the cache's lock.
  const serverBuild = resolveServerBinaries(cfg, (line) => process.stderr.write(`[temporal-server] ${line}\n`)).catch(
    (err: Error) => process.stderr.write(`[temporal-server] ${err.message}\n`),
  );
  const [server, bundle] = await Promise.all([
    startTemporal(cfg, { dbFile: path.join(tmp, 'temporal.db'), ui: false, log }),
    // The same cached bundle the CLI's processes the tests spawn (demos, workers) then start from.
    cachedWorkflowBundle({ cacheDir: cfg.cacheDir }),
  ]);
  let bundlePath = path.join(tmp, 'workflow-bundle.js');
  if ('codePath' in bundle && bundle.codePath) bundlePath = bundle.codePath;
  else fs.writeFileSync(bundlePath, (bundle as { code: string }).code);
  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', server.namespace);
  project.provide('workflowBundlePath', bundlePath);
  return async () => {
    await serverBuild;
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
