import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/temporal/dev-server';
import { eventually } from '../support/fulfilment';
import { connections } from '../support/runtime';

const bin = path.resolve(__dirname, '../../bin/etom.cjs');
let worker: ChildProcess | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-worker-metrics-'));

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker!.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('etom worker with ETOM_METRICS_PORT', () => {
  it("serves its own processes' metrics on /metrics, as the API server does", async () => {
    const port = await freePort();
    const prefix = `wm${Date.now().toString(36)}`;
    let stderr = '';
    worker = spawn(process.execPath, [bin, 'worker', '--layer', 'crm'], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_NAMESPACE: inject('temporalNamespace'),
        ETOM_DATA_DIR: dataDir,
        ETOM_TASK_QUEUE_PREFIX: prefix,
        ETOM_METRICS_PORT: String(port),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    worker.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = `http://127.0.0.1:${port}/metrics`;
    await eventually(
      async () => stderr.includes(`metrics: ${url}`),
      `'metrics: ${url}' on the worker's stderr`,
      90_000,
    );

    // A contact handled by the CRM worker of that process: two runs of 1.FAB.1.2.1, one of 1.FAB.1.2.2.
    const { client } = await connections();
    await client.workflow.execute('customerInteraction', {
      workflowId: `cim-${prefix}`,
      taskQueue: `${prefix}-crm`,
      args: [
        { customerId: 'CUST-1003', channel: 'phone', reason: 'details', request: { requestType: 'customerDetails' } },
      ],
    });

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await res.text();
    expect(body).toContain('# TYPE etom_process_duration_seconds histogram');
    const count = (etomId: string) =>
      Number(
        body.match(
          new RegExp(
            `^etom_process_duration_seconds_count\\{etom_id="${etomId.replace(/\./g, '\\.')}"[^}]*outcome="completed"\\} (\\d+)$`,
            'm',
          ),
        )?.[1],
      );
    expect(count('1.FAB.1.2.1')).toBe(2);
    expect(count('1.FAB.1.2.2')).toBe(1);
    // No business data among the labels: the customer's name is not there.
    expect(body).not.toContain('Claire Moreau');
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
  }, 180_000);
});
