import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { ensureSearchAttributes, freePort, type RunningTemporal, startTemporal } from '../../src/temporal/dev-server';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { finishSignal, waitForFinish } from './fixtures/workflows';

const FIXTURES = path.join(__dirname, 'fixtures', 'workflows.ts');

/** Opens a client, runs `body`, and closes the client whatever happens: a live connection would stall stop(). */
async function withClient<T>(
  server: RunningTemporal,
  body: (client: Client, connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await Connection.connect({ address: server.address });
  try {
    return await body(new Client({ connection, namespace: server.namespace }), connection);
  } finally {
    await connection.close();
  }
}

describe('startTemporal', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-devserver-'));
  const running: RunningTemporal[] = [];
  const log = (line: string) => process.stderr.write(`[temporal] ${line}\n`);
  let cfg: ReturnType<typeof loadConfig>;

  beforeAll(async () => {
    installTemporalRuntime();
    const base = loadConfig({ ...process.env, TEMPORAL_ADDRESS: undefined });
    cfg = { ...base, temporalPort: await freePort(), temporalUiPort: await freePort(), dataDir: tmp };
  });

  afterAll(async () => {
    for (const server of running) await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function start(): Promise<RunningTemporal> {
    const server = await startTemporal(cfg, { log });
    running.push(server);
    return server;
  }

  it('keeps a running workflow across a restart on the same database file, with the Web UI up', async () => {
    const workflowId = `survives-restart-${Date.now()}`;
    const taskQueue = 'etom-dev-server-test';

    const first = await start();
    expect(first).toMatchObject({ address: `127.0.0.1:${cfg.temporalPort}`, startedLocally: true });
    expect(first.uiUrl).toBe(`http://localhost:${cfg.temporalUiPort}`);
    expect((await fetch(first.uiUrl ?? '')).status).toBe(200);
    await withClient(first, (client) => client.workflow.start(waitForFinish, { taskQueue, workflowId }));
    await first.stop();
    // The default database lives in the data directory.
    expect(fs.existsSync(path.join(tmp, 'temporal.db'))).toBe(true);

    const second = await start();
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: FIXTURES, logger: silent });
    const native = await NativeConnection.connect({ address: second.address });
    try {
      await withClient(second, async (client) => {
        const handle = client.workflow.getHandle(workflowId);
        expect((await handle.describe()).status.name).toBe('RUNNING');
        const worker = await Worker.create({
          connection: native,
          namespace: second.namespace,
          taskQueue,
          workflowBundle,
        });
        await handle.signal(finishSignal, 'after restart');
        expect(await worker.runUntil(handle.result())).toBe('after restart');
      });
    } finally {
      await native.close();
      await second.stop();
    }
  });

  it('registers search attributes once, and again is a no-op', async () => {
    const server = await start();
    try {
      await withClient(server, async (_client, connection) => {
        const attrs = { EtomTestKeyword: 'Keyword', EtomTestInt: 'Int' } as const;
        expect((await ensureSearchAttributes(connection, server.namespace, attrs)).sort()).toEqual([
          'EtomTestInt',
          'EtomTestKeyword',
        ]);
        expect(await ensureSearchAttributes(connection, server.namespace, attrs)).toEqual([]);
        const listed = await connection.operatorService.listSearchAttributes({ namespace: server.namespace });
        expect(Object.keys(listed.customAttributes ?? {})).toEqual(expect.arrayContaining(Object.keys(attrs)));
      });
    } finally {
      await server.stop();
    }
  });

  it('names the port and the variable to change when a port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startTemporal({ ...cfg, temporalPort: taken })).rejects.toThrow(`port ${taken} is in use`);
      await expect(startTemporal({ ...cfg, temporalPort: taken })).rejects.toThrow('TEMPORAL_PORT');
      await expect(startTemporal({ ...cfg, temporalUiPort: taken })).rejects.toThrow(
        /port \d+ is in use.*TEMPORAL_UI_PORT/,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('starts nothing when TEMPORAL_ADDRESS names a cluster', async () => {
    const server = await startTemporal({ ...cfg, temporalAddress: 'temporal.example:7233' });
    expect(server).toMatchObject({ address: 'temporal.example:7233', namespace: cfg.namespace, startedLocally: false });
    expect(server.uiUrl).toBeUndefined();
    await server.stop();
  });
});

const silent = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: console.error,
};
