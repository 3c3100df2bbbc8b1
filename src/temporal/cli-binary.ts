import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import type { EtomConfig } from '../config';

/**
 * The Temporal CLI version this project pins. v1.5.1 builds with `go install` straight from
 * the Go module proxy; later versions carry `replace` directives that `go install` refuses.
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export type Log = (line: string) => void;
const quiet: Log = () => undefined;

/** The first executable file called `name` on PATH (a directory of that name does not count). */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // Not in this directory: keep looking.
    }
  }
  return undefined;
}

export function cachedCliPath(cfg: Pick<EtomConfig, 'cacheDir'>): string {
  return path.join(cfg.cacheDir, 'temporal-cli', TEMPORAL_CLI_VERSION, 'temporal');
}

/**
 * Where the dev server comes from, in order: TEMPORAL_CLI_PATH; a `temporal` on PATH; the
 * cache (outside the repository, keyed by version); a one-time `go install` into that cache
 * where Go exists; else the SDK's own download (machines with internet access).
 */
export async function resolveTemporalCli(
  cfg: Pick<EtomConfig, 'temporalCliPath' | 'cacheDir'>,
  log: Log = quiet,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EphemeralServerExecutable> {
  if (cfg.temporalCliPath) {
    const given = path.resolve(cfg.temporalCliPath);
    if (!fs.existsSync(given)) throw new Error(`TEMPORAL_CLI_PATH ${given} does not exist`);
    return { type: 'existing-path', path: given };
  }
  const fromPath = onPath('temporal', env);
  if (fromPath) return { type: 'existing-path', path: fromPath };
  const cached = cachedCliPath(cfg);
  if (fs.existsSync(cached)) return { type: 'existing-path', path: cached };
  if (onPath('go', env)) {
    await withCacheLock(
      `${path.dirname(cached)}.lock`,
      () => fs.existsSync(cached),
      () => goInstall(TEMPORAL_CLI, cached, log, env),
      log,
    );
    return { type: 'existing-path', path: cached };
  }
  log('no temporal CLI and no Go toolchain here: letting the Temporal SDK download the dev server');
  return { type: 'cached-download' };
}

/** A Go command to build with `go install` at a pinned version (no `replace` lines at that version). */
export interface GoBinary {
  /** e.g. github.com/temporalio/cli/cmd/temporal */
  module: string;
  version: string;
  /** What the logs call it: "Temporal CLI". */
  label: string;
  /** Set the path of an existing binary instead of building it. */
  overrideVariable: string;
}

const TEMPORAL_CLI: GoBinary = {
  module: MODULE,
  version: TEMPORAL_CLI_VERSION,
  label: 'Temporal CLI',
  overrideVariable: 'TEMPORAL_CLI_PATH',
};

/**
 * Builds a Go command into a private directory, then renames it to `target`: a reader of the
 * cache never sees a half-written binary, even if the build is killed. Go prints which modules
 * it downloads; a ticker covers the long silent compile.
 */
export async function goInstall(bin: GoBinary, target: string, log: Log, env: NodeJS.ProcessEnv): Promise<void> {
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(dir, '.build-'));
  log(`building ${bin.label} ${bin.version} with go (first run only, a few minutes)…`);
  const started = Date.now();
  try {
    await runLogged('go', ['install', `${bin.module}@${bin.version}`], {
      env: { ...env, GOBIN: work },
      log,
      ticker: `building ${bin.label}`,
    }).catch((err: Error) => {
      throw new Error(
        `could not build ${bin.label} ${bin.version} with go (set ${bin.overrideVariable} to a binary instead): ${err.message}`,
      );
    });
    fs.renameSync(path.join(work, path.basename(bin.module)), target);
    log(`${bin.label} ${bin.version} ready in ${Math.round((Date.now() - started) / 1000)}s: ${target}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

interface RunLoggedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  log: Log;
  /** Says "<ticker>… 30s" every 30 s while the command is silent, so a long build does not look hung. */
  ticker?: string;
  /** Lines worth showing; the others are kept only for the error message. */
  show?: (line: string) => boolean;
}

/** Runs a command, relaying its output lines to `log`; fails with the command's last lines. */
export function runLogged(command: string, args: string[], opts: RunLoggedOptions): Promise<void> {
  const started = Date.now();
  const tail: string[] = [];
  let lastOutput = Date.now();
  const timer = opts.ticker
    ? setInterval(() => {
        if (Date.now() - lastOutput >= 25_000)
          opts.log(`  ${opts.ticker}… ${Math.round((Date.now() - started) / 1000)}s`);
      }, 30_000)
    : undefined;
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (raw: string) => {
      // Tools colour their output even into a pipe (Maven does): keep only the text.
      const line = stripVTControlCharacters(raw);
      if (!line.trim()) return;
      lastOutput = Date.now();
      tail.push(line.trim());
      if (tail.length > 5) tail.shift();
      if (!opts.show || opts.show(line)) opts.log(`  ${line.trimEnd()}`);
    };
    readline.createInterface({ input: child.stdout }).on('line', relay);
    readline.createInterface({ input: child.stderr }).on('line', relay);
    child.on('error', (err) => reject(new Error(`${command} could not start: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const why = signal ? `was killed by ${signal}` : `exited with ${code}`;
      reject(new Error(`${command} ${args.join(' ')} ${why}${tail.length ? `: ${tail.join(' | ')}` : ''}`));
    });
  }).finally(() => clearInterval(timer));
}

/**
 * Runs `build` unless `ready()` already holds, with at most one builder per lock file across
 * processes: a test run and a demo started together both want the same first-time build. A lock
 * left by a dead process (same host) is taken over. Even if two builders do race, each builds
 * privately and renames into place, so the worst case is wasted time, never a corrupt cache.
 */
export async function withCacheLock(
  lockFile: string,
  ready: () => boolean,
  build: () => Promise<void>,
  log: Log,
): Promise<void> {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  let announced = false;
  while (!ready()) {
    let fd: number;
    try {
      fd = fs.openSync(lockFile, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = lockHolder(lockFile);
      if (holder === 'stale') {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (!announced) log(`waiting for another process (${holder}) holding ${lockFile}…`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1_000));
      continue;
    }
    try {
      fs.writeSync(fd, `${process.pid}@${os.hostname()}\n`);
      fs.closeSync(fd);
      if (!ready()) await build();
    } finally {
      fs.rmSync(lockFile, { force: true });
    }
  }
}

/** "pid@host" of the process holding the lock, or 'stale' when that process is gone. */
function lockHolder(lockFile: string): string {
  let text: string;
  let ageMs: number;
  try {
    text = fs.readFileSync(lockFile, 'utf8').trim();
    ageMs = Date.now() - fs.statSync(lockFile).mtimeMs;
  } catch {
    return 'stale';
  }
  const [pidText, host] = text.split('@');
  const pid = Number(pidText);
  // An empty file is a holder between open and write; give it a moment before judging.
  if (!text) return ageMs > 10_000 ? 'stale' : 'starting';
  // Another host's pid means nothing here: only age can tell (no build takes an hour).
  if (host !== os.hostname()) return ageMs > 3_600_000 ? 'stale' : text;
  try {
    process.kill(pid, 0);
    return text;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? text : 'stale';
  }
}

/** The version a binary reports, to show which server runs. */
export function cliVersion(binary: string): string | undefined {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
