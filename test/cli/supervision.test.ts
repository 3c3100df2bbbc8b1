import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/temporal/dev-server';

/**
 * The Temporal server child, supervised (#16, item 2), through the CLI as a user runs it: each
 * test its own data dir and free ports, a local server started by the command itself.
 */
const bin = path.resolve(__dirname, '../../bin/etom.cjs');
const dirs: string[] = [];
const running: ChildProcess[] = [];

afterAll(() => {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  // Anything a failed test left on its data dir (a server the command did not stop).
  for (const d of dirs) {
    for (const pid of processesNaming(d)) killQuietly(pid);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone.
  }
}

/** Live processes whose command line names `needle` (ps, as on Linux and macOS alike). */
function processesNaming(needle: string, except?: (args: string) => boolean): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && !m[2]!.startsWith('Z') && m[3]!.includes(needle))
    .filter((m) => !except?.(m[3]!))
    .map((m) => Number(m[1]));
}

async function until<T>(probe: () => T | undefined, what: string, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function environment(): Promise<{ dataDir: string; env: NodeJS.ProcessEnv }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-supervise-'));
  dirs.push(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ETOM_DATA_DIR: dataDir,
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    ETOM_API_PORT: String(await freePort()),
  };
  delete env['TEMPORAL_ADDRESS'];
  delete env['ETOM_API_TOKENS'];
  return { dataDir, env };
}

interface Run {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function etom(args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => err, stdout: () => out, exit };
}

const exited = (run: Run) => (run.child.exitCode !== null || run.child.signalCode !== null ? true : undefined);

describe('the Temporal server child is supervised', () => {
  it('SIGTERM during `etom demo` drains, stops the server, releases the data dir, exits 143; the next run on that dir works', async () => {
    const { dataDir, env } = await environment();
    const demo = etom(['demo', 'fulfilment', '--json'], env);
    // Mid-run: the orders are in flight across the layers.
    await until(() => (/submitted ORD-/.test(demo.stderr()) ? true : undefined), 'the orders submitted', 240_000);
    const server = processesNaming(path.join(dataDir, 'temporal.db'));
    expect(server.length, 'the demo runs a server on its data dir').toBeGreaterThan(0);
    demo.child.kill('SIGTERM');
    await until(() => exited(demo), 'the demo to exit', 120_000);
    expect(await demo.exit, demo.stderr().slice(-2000)).toEqual({ code: 143, signal: null });
    expect(demo.stderr()).toContain('SIGTERM received: draining workers and stopping the Temporal server');
    expect(demo.stderr()).toContain('etom demo: SIGTERM received: stopped before the end');
    // No process holds the data dir: not the server, not its watchdog.
    await until(() => (processesNaming(dataDir).length === 0 ? true : undefined), 'no process on the data dir', 60_000);
    expect(fs.existsSync(path.join(dataDir, 'etom.lock'))).toBe(false);

    // At once, on the same data dir and the same ports: the interrupted orders finish too.
    const again = etom(['demo', 'fulfilment', '--json'], env);
    await until(() => exited(again), 'the second demo', 300_000);
    expect(await again.exit, again.stderr().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(again.stderr()).not.toContain('in use');
    const summary = JSON.parse(again.stdout().trim().split('\n').pop()!) as { orders: Array<{ state: string }> };
    expect(summary.orders.map((o) => o.state)).toEqual(['completed', 'completed', 'completed', 'rejected']);
    await until(() => (processesNaming(dataDir).length === 0 ? true : undefined), 'no process after the rerun', 60_000);
  }, 600_000);

  it('a server child that dies ends `etom dev` with one line and a non-zero exit, not a stream of gRPC errors', async () => {
    const { dataDir, env } = await environment();
    const dev = etom(['dev'], env);
    await until(() => (dev.stderr().includes('ready — Ctrl-C to stop') ? true : undefined), 'etom dev ready', 240_000);
    // The server itself (not its watchdog shell): the binary started with this data dir's database.
    const db = path.join(dataDir, 'temporal.db');
    const [server] = processesNaming(`start-dev --db-filename ${db}`, (args) => args.startsWith('/bin/sh'));
    expect(server, 'the server process').toBeDefined();
    const before = dev.stderr().length;
    process.kill(server!, 'SIGKILL');
    await until(() => exited(dev), 'etom dev to exit', 90_000);
    const after = dev.stderr().slice(before).split('\n').filter(Boolean);
    expect(await dev.exit).toEqual({ code: 1, signal: null });
    expect(after).toContain('etom dev: Temporal server exited (killed by SIGKILL) — stopping');
    expect(after.length, after.join('\n')).toBeLessThan(20);
    expect(dev.stderr()).not.toMatch(/ready — Ctrl-C to stop[\s\S]*ready — Ctrl-C to stop/);
    await until(() => (processesNaming(dataDir).length === 0 ? true : undefined), 'no process on the data dir', 60_000);
    expect(fs.existsSync(path.join(dataDir, 'etom.lock'))).toBe(false);
  }, 400_000);
});
