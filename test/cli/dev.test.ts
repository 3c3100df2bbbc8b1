import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/temporal/dev-server';

const bin = path.resolve(__dirname, '../../bin/etom.cjs');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-dev-'));
const running: ChildProcess[] = [];

/** Starts `etom dev` and resolves once it says it is ready. */
function startDev(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [bin, 'dev'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`etom dev not ready:\n${out}`)), 120_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready — Ctrl-C to stop')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`etom dev exited with ${code}:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(`code=${code} signal=${signal}`));
    child.kill('SIGINT');
  });
}

async function listedInUi(uiPort: number, workflowId: string): Promise<boolean> {
  const query = encodeURIComponent(`WorkflowId="${workflowId}"`);
  const res = await fetch(`http://127.0.0.1:${uiPort}/api/v1/namespaces/default/workflows?query=${query}`);
  if (!res.ok) return false;
  const body = (await res.json()) as { executions?: Array<{ execution?: { workflowId?: string } }> };
  return (body.executions ?? []).some((e) => e.execution?.workflowId === workflowId);
}

afterAll(() => {
  for (const c of running) if (c.exitCode === null) c.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('etom dev and the smoke demo, end to end', () => {
  it('runs the smoke flow through the server: the Web UI lists it, the store holds it, a restart keeps it', async () => {
    const port = await freePort();
    const uiPort = await freePort();
    const apiPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ETOM_DATA_DIR: dataDir,
      TEMPORAL_PORT: String(port),
      TEMPORAL_UI_PORT: String(uiPort),
      ETOM_API_PORT: String(apiPort),
    };
    delete env['TEMPORAL_ADDRESS'];
    delete env['ETOM_API_TOKENS'];

    const dev = await startDev(env);
    expect(dev.output()).toContain(`http://localhost:${uiPort}`);

    // A second dev on the same data dir (other ports) is refused at once, naming the first.
    const second = spawnSync(process.execPath, [bin, 'dev'], {
      env: {
        ...env,
        TEMPORAL_PORT: String(await freePort()),
        TEMPORAL_UI_PORT: String(await freePort()),
        ETOM_API_PORT: String(await freePort()),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status, second.stderr).toBe(1);
    expect(second.stderr).toContain(`the data dir ${dataDir} is in use by another etom process (PID ${dev.child.pid})`);
    expect(second.stderr).not.toContain('ready');

    // The TMF API: its base address and the default token, kept in the data directory.
    const base = `http://127.0.0.1:${apiPort}/tmf-api/productOrderingManagement/v4/`;
    expect(dev.output()).toContain(`TMF Open API: ${base}`);
    const token = fs.readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();
    expect(dev.output()).toContain(token);
    const orders = await fetch(`${base}productOrder`, { headers: { authorization: `Bearer ${token}` } });
    expect(orders.status).toBe(200);
    expect((await fetch(`${base}productOrder`)).status).toBe(401);

    // The demo against the running dev server (TEMPORAL_ADDRESS): its last stdout line is JSON.
    const demo = spawnSync(process.execPath, [bin, 'demo', 'smoke', '--json'], {
      env: { ...env, TEMPORAL_ADDRESS: `127.0.0.1:${port}` },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(demo.status, demo.stderr).toBe(0);
    const summary = JSON.parse(demo.stdout.trim().split('\n').pop()!) as { workflowId: string; requestId: string };
    expect(summary.workflowId).toMatch(/^smoke-/);

    // The store holds its effect.
    const db = new Database(path.join(dataDir, 'etom.db'), { readonly: true });
    expect(db.prepare('SELECT status FROM customer_requests WHERE id = ?').pluck().get(summary.requestId)).toBe(
      'selfServed',
    );
    // The sample network's standing fault, for a ticket through TMF621 to reach a technician.
    expect(dev.output()).toContain("sample network: CUST-1005's router CPE-LYO-1 (service SVC-IB04-1) is down");
    expect(db.prepare("SELECT operation FROM simulator_faults WHERE target = 'CPE-LYO-1'").pluck().all()).toEqual([
      'testResource',
    ]);
    db.close();

    // The Web UI shows the workflow.
    expect(await listedInUi(uiPort, summary.workflowId)).toBe(true);

    // Killing dev and starting it again keeps the server's data.
    expect(await stop(dev.child), dev.output()).toBe('code=0 signal=null');
    const again = await startDev(env);
    expect(await listedInUi(uiPort, summary.workflowId)).toBe(true);
    expect(again.output(), 'the token survives a restart').toContain(token);
    expect(await stop(again.child), again.output()).toBe('code=0 signal=null');
  }, 300_000);
});
