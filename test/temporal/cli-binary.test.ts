import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedCliPath, resolveTemporalCli, TEMPORAL_CLI_VERSION } from '../../src/temporal/cli-binary';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-cli-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function script(dir: string, name: string, body: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

/** A PATH of only the given directories, so no real go or temporal is ever found. */
function envWithPath(...entries: string[]): NodeJS.ProcessEnv {
  return { ...process.env, PATH: entries.join(path.delimiter) };
}

/** A stand-in for `go install`: records each call, says what go says, then drops a binary in $GOBIN. */
function fakeGo(dir: string, calls: string, extra = ''): string {
  return script(
    dir,
    'go',
    `echo "$@" >> ${calls}\necho "go: downloading github.com/temporalio/cli ${TEMPORAL_CLI_VERSION}" >&2\n${extra}\nprintf '#!/bin/sh\\n' > "$GOBIN/temporal" && /bin/chmod +x "$GOBIN/temporal"`,
  );
}

describe('resolveTemporalCli', () => {
  it('takes TEMPORAL_CLI_PATH first, before PATH and the cache', async () => {
    const root = tempDir();
    const explicit = script(path.join(root, 'explicit'), 'temporal', 'exit 0');
    const bin = path.join(root, 'bin');
    script(bin, 'temporal', 'exit 0');
    const cacheDir = path.join(root, 'cache');
    script(path.dirname(cachedCliPath({ cacheDir })), 'temporal', 'exit 0');
    const exe = await resolveTemporalCli({ temporalCliPath: explicit, cacheDir }, undefined, envWithPath(bin));
    expect(exe).toEqual({ type: 'existing-path', path: explicit });
  });

  it('fails with the variable name when TEMPORAL_CLI_PATH does not exist', async () => {
    const missing = path.join(tempDir(), 'nope', 'temporal');
    await expect(resolveTemporalCli({ temporalCliPath: missing, cacheDir: tempDir() })).rejects.toThrow(
      `TEMPORAL_CLI_PATH ${missing} does not exist`,
    );
  });

  it('takes a temporal on PATH before the cache, skipping a directory of that name', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'decoy', 'temporal'), { recursive: true });
    const onPath = script(path.join(root, 'bin'), 'temporal', 'exit 0');
    const cacheDir = path.join(root, 'cache');
    script(path.dirname(cachedCliPath({ cacheDir })), 'temporal', 'exit 0');
    const exe = await resolveTemporalCli(
      { cacheDir },
      undefined,
      envWithPath(path.join(root, 'decoy'), path.join(root, 'bin')),
    );
    expect(exe).toEqual({ type: 'existing-path', path: onPath });
  });

  it('takes the cached binary, keyed by version, when nothing is on PATH', async () => {
    const cacheDir = tempDir();
    const cached = script(path.join(cacheDir, 'temporal-cli', TEMPORAL_CLI_VERSION), 'temporal', 'exit 0');
    expect(cachedCliPath({ cacheDir })).toBe(cached);
    const exe = await resolveTemporalCli({ cacheDir }, undefined, envWithPath());
    expect(exe).toEqual({ type: 'existing-path', path: cached });
  });

  it('builds once with go into the cache, showing progress, when go is on PATH', async () => {
    const root = tempDir();
    const calls = path.join(root, 'go-calls');
    const bin = path.join(root, 'bin');
    fakeGo(bin, calls, '/bin/sleep 1');
    const cacheDir = path.join(root, 'cache');
    const lines: string[] = [];
    const env = envWithPath(bin);
    // Two first runs at once: one builds, the other waits for it.
    const [a, b] = await Promise.all([
      resolveTemporalCli({ cacheDir }, (l) => lines.push(l), env),
      resolveTemporalCli({ cacheDir }, (l) => lines.push(l), env),
    ]);
    const cached = cachedCliPath({ cacheDir });
    expect(a).toEqual({ type: 'existing-path', path: cached });
    expect(b).toEqual(a);
    expect(fs.readFileSync(calls, 'utf8').trim().split('\n')).toEqual([
      `install github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`,
    ]);
    expect(lines.some((l) => l.includes(`building Temporal CLI ${TEMPORAL_CLI_VERSION} with go`))).toBe(true);
    expect(lines.some((l) => l.includes('go: downloading github.com/temporalio/cli'))).toBe(true);
    // Only the binary is left: no build directory, no lock.
    expect(fs.readdirSync(path.dirname(cached))).toEqual(['temporal']);
    expect(fs.readdirSync(path.dirname(path.dirname(cached)))).toEqual([TEMPORAL_CLI_VERSION]);
    await resolveTemporalCli({ cacheDir }, undefined, env);
    expect(fs.readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('reports a failed go build with its output and leaves the cache clean', async () => {
    const root = tempDir();
    const bin = path.join(root, 'bin');
    script(bin, 'go', 'echo "go: module lookup disabled by GOPROXY=off" >&2\nexit 1');
    const cacheDir = path.join(root, 'cache');
    await expect(resolveTemporalCli({ cacheDir }, undefined, envWithPath(bin))).rejects.toThrow(
      /could not build Temporal CLI v1\.5\.1 with go .*TEMPORAL_CLI_PATH.*GOPROXY=off/,
    );
    expect(fs.readdirSync(path.join(cacheDir, 'temporal-cli'))).toEqual([TEMPORAL_CLI_VERSION]);
    expect(fs.readdirSync(path.join(cacheDir, 'temporal-cli', TEMPORAL_CLI_VERSION))).toEqual([]);
  });

  it('leaves the download to the SDK when there is neither a binary nor go', async () => {
    const exe = await resolveTemporalCli({ cacheDir: tempDir() }, undefined, envWithPath(tempDir()));
    expect(exe).toEqual({ type: 'cached-download' });
  });

  it('takes over a lock left by a dead process', async () => {
    const root = tempDir();
    const calls = path.join(root, 'go-calls');
    const bin = path.join(root, 'bin');
    fakeGo(bin, calls);
    const cacheDir = path.join(root, 'cache');
    const lock = `${path.dirname(cachedCliPath({ cacheDir }))}.lock`;
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    // A pid above the kernel's maximum can never be alive.
    fs.writeFileSync(lock, `4194305@${os.hostname()}\n`);
    const exe = await resolveTemporalCli({ cacheDir }, undefined, envWithPath(bin));
    expect(exe).toEqual({ type: 'existing-path', path: cachedCliPath({ cacheDir }) });
    expect(fs.existsSync(lock)).toBe(false);
  });
});
