import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { bundleWorkflows } from './bundle';
import { tracingEnabled } from './tracing';

/**
 * The workflow bundle, built once per version of the code and kept outside the repository.
 *
 * Bundling takes a worker process 5–10 s of CPU at start (webpack over the workflows, the
 * domain and zod). A worker that restarts after a crash pays it again before it polls, while
 * the tasks it held wait; so do each `etom demo` and each of the cluster's worker processes.
 * Temporal's advice for production is to bundle once, ahead of time, and hand workers the file
 * (`workflowBundle: { codePath }`). This does that on first use: the file is named by a hash of
 * everything that goes into the bundle, so changed code (or a changed lockfile) gets a new
 * bundle and a stale one is never loaded. ETOM_BUNDLE_CACHE=off bundles every time.
 */
const ROOT = path.resolve(__dirname, '../..');
// What the bundle is made of: the workflows, the project's modules they import (a superset:
// all of src/), and the exact versions of the libraries (the lockfile).
const SOURCES = ['workflows', 'src'];
const PINS = ['package-lock.json', 'tsconfig.json'];
/** Bundles of earlier versions kept (a few megabytes each): enough to switch branches back and forth. */
const KEEP = 6;

export interface BundleCacheOptions {
  cacheDir: string;
  tracing?: boolean;
  env?: NodeJS.ProcessEnv;
  /** The bundler: the project's (webpack, seconds); tests give a stand-in. */
  build?: (tracing: boolean) => Promise<{ code: string }>;
}

export async function cachedWorkflowBundle(opts: BundleCacheOptions): Promise<WorkflowBundleOption> {
  const tracing = opts.tracing ?? tracingEnabled();
  const build = opts.build ?? ((t: boolean) => bundleWorkflows({ tracing: t }));
  if ((opts.env ?? process.env)['ETOM_BUNDLE_CACHE'] === 'off') return { code: (await build(tracing)).code };
  const dir = path.join(opts.cacheDir, 'workflow-bundles');
  const file = path.join(dir, `${bundleKey(tracing)}.js`);
  if (fs.existsSync(file)) {
    fs.utimesSync(file, new Date(), new Date()); // recently used: kept by the pruning below
    return { codePath: file };
  }
  const { code } = await build(tracing);
  try {
    fs.mkdirSync(dir, { recursive: true });
    // Written aside, then renamed: another process never reads half a bundle. Two processes
    // that build the same key at once write the same bytes; the last rename wins, harmlessly.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
    prune(dir);
  } catch {
    // A read-only or full cache costs the next start a bundle, nothing else.
  }
  return { code };
}

/** A hash of every file the bundle is built from, with its path, and of whether tracing is in. */
export function bundleKey(tracing: boolean, root = ROOT): string {
  // The root too: a bundle names its modules' paths (stack traces, source maps), so each clone has its own.
  const hash = crypto.createHash('sha256').update(`${root}\ntracing=${tracing}\n`);
  const files = [...SOURCES.flatMap((d) => filesUnder(path.join(root, d))), ...PINS.map((f) => path.join(root, f))];
  for (const f of files.sort()) {
    if (!fs.existsSync(f)) continue;
    hash.update(`${path.relative(root, f)}\n`).update(fs.readFileSync(f));
  }
  return hash.digest('hex').slice(0, 24);
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

function prune(dir: string): void {
  const bundles = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ f: path.join(dir, f), at: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of bundles.slice(KEEP)) fs.rmSync(old.f, { force: true });
}
