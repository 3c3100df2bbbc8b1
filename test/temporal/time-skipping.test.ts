import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { resolveTimeSkippingServer, timeSkippingUnavailable } from '../../src/temporal/time-skipping';
import { sleepAnHour } from './fixtures/workflows';

// The shared cache: the jar is fetched once per machine, not once per run.
const cfg = loadConfig();
const unavailable = timeSkippingUnavailable(cfg);
if (unavailable) process.stderr.write(`skipping the time-skipping tests: ${unavailable}\n`);

describe.skipIf(unavailable)('time-skipping test server from Maven Central', () => {
  let env: TestWorkflowEnvironment | undefined;

  // The first run on a machine downloads the jar and its dependencies (about 40 MB).
  beforeAll(async () => {
    installTemporalRuntime();
    const executable = await resolveTimeSkippingServer(cfg, (line) => process.stderr.write(`[test-server] ${line}\n`));
    if (!executable) throw new Error('resolveTimeSkippingServer returned nothing although Java and Maven are here');
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  }, 300_000);

  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow that sleeps an hour in a few real seconds', async () => {
    if (!env) throw new Error('no test environment');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'etom-time-skipping-test',
      workflowsPath: path.join(__dirname, 'fixtures', 'workflows.ts'),
    });
    const serverStart = await env.currentTimeMs();
    const realStart = Date.now();
    const result = await worker.runUntil(
      env.client.workflow.execute(sleepAnHour, {
        taskQueue: 'etom-time-skipping-test',
        workflowId: `sleep-an-hour-${realStart}`,
      }),
    );
    expect(result).toBe('awake');
    expect(Date.now() - realStart).toBeLessThan(20_000);
    expect((await env.currentTimeMs()) - serverStart).toBeGreaterThanOrEqual(3_600_000);
  });
});

describe('timeSkippingUnavailable', () => {
  it('names what is missing instead of failing later', () => {
    const env = { PATH: '', JAVA_HOME: '' };
    expect(timeSkippingUnavailable({ cacheDir: '/nonexistent' }, env)).toMatch(/^no java on PATH/);
  });
});
