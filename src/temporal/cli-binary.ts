import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import type { EtomConfig } from '../config';

/**
 * The Temporal CLI version this project pins. v1.5.1 builds with `go install` straight from
 * the Go module proxy; later versions carry `replace` directives that `go install` refuses.
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export type Log = (line: string) => void;

function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
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
  log: Log = () => undefined,
): Promise<EphemeralServerExecutable> {
  if (cfg.temporalCliPath) {
    if (!fs.existsSync(cfg.temporalCliPath)) throw new Error(`TEMPORAL_CLI_PATH ${cfg.temporalCliPath} does not exist`);
    return { type: 'existing-path', path: cfg.temporalCliPath };
  }
  const fromPath = onPath('temporal');
  if (fromPath) return { type: 'existing-path', path: fromPath };
  const cached = cachedCliPath(cfg);
  if (fs.existsSync(cached)) return { type: 'existing-path', path: cached };
  if (onPath('go')) {
    await goInstall(cached, log);
    return { type: 'existing-path', path: cached };
  }
  log('no temporal CLI and no Go toolchain here: letting the Temporal SDK download the dev server');
  return { type: 'cached-download' };
}

/**
 * Builds the CLI into a private directory, then renames it into place, so that two first
 * runs at once (tests and a demo) never see a half-written binary. Shows progress: the
 * first build takes minutes.
 */
async function goInstall(target: string, log: Log): Promise<void> {
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(dir, '.build-'));
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go (first run only, a few minutes)…`);
  const started = Date.now();
  const ticker = setInterval(() => log(`  still building the Temporal CLI… ${Math.round((Date.now() - started) / 1000)}s`), 30_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
        env: { ...process.env, GOBIN: work, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const relay = (chunk: Buffer) =>
        chunk
          .toString()
          .split('\n')
          .filter((l) => l.trim())
          .forEach((l) => log(`  ${l}`));
      child.stdout.on('data', relay);
      child.stderr.on('data', relay);
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install ${MODULE}@${TEMPORAL_CLI_VERSION} exited with ${code}`))));
    });
    fs.renameSync(path.join(work, 'temporal'), target);
    log(`Temporal CLI ready in ${Math.round((Date.now() - started) / 1000)}s: ${target}`);
  } finally {
    clearInterval(ticker);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The version a binary reports, to show which server runs. */
export function cliVersion(binary: string): string | undefined {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
