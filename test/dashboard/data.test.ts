import { describe, expect, it } from 'vitest';
import { BUCKETS_MS, medianOf } from '../../src/adapters/sqlite/process-runs';
import type { ProcessRunEvent } from '../../src/ports/process-runs';
import { createProcessRunRecorder } from '../../src/temporal/process-runs';

// The port's behaviour (counters, histogram, flows, each attempt once) is its contract's, run on
// both stores: test/ports/process-runs.contract.ts. What stays here is SQLite's and the recorder's.
describe('the process-run record (#11)', () => {
  it('reads the median from the buckets', () => {
    expect(medianOf(new Map())).toBeNull();
    // Everything in the first bucket (0–2 ms): half way.
    expect(medianOf(new Map([[0, 10]]))).toBe(1);
    // Everything above the last bound: that bound.
    expect(medianOf(new Map([[BUCKETS_MS.length, 3]]))).toBe(BUCKETS_MS[BUCKETS_MS.length - 1]);
  });

  it('writes behind: nothing before the flush, one batch after it', async () => {
    const batches: ProcessRunEvent[][] = [];
    const recorder = createProcessRunRecorder(
      {
        record: async (events) => void batches.push([...events]),
        stats: async () => [],
        statsOf: async () => {
          throw new Error('not read here');
        },
        recentFlows: async () => [],
      },
      { flushMs: 60_000 },
    );
    await recorder.flush();
    expect(batches).toEqual([]);
    const activity = recorder.interceptor({
      info: {
        activityType: 'configureAndActivateResource',
        workflowExecution: { workflowId: 'RO-1', runId: 'r' },
        workflowType: 'resourceOrder',
        activityId: '7',
        attempt: 1,
      },
    } as never);
    const headers = {
      'etom-root-workflow-id': { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"ORD-1"') },
    };
    await activity.inbound!.execute!({ args: [], headers } as never, async () => 'done');
    expect(batches).toEqual([]);
    await recorder.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((e) => [e.kind, e.etomId, e.rootWorkflowId])).toEqual([
      ['start', '1.F.3.2.2', 'ORD-1'],
      ['end', '1.F.3.2.2', 'ORD-1'],
    ]);
  });
});
