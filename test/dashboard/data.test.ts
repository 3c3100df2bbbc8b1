import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite';
import { BUCKETS_MS, medianOf } from '../../src/adapters/sqlite/process-runs';
import type { ProcessRunEvent, ProcessRunStart } from '../../src/ports/process-runs';
import { createProcessRunRecorder } from '../../src/temporal/process-runs';

const run = (n: number, over: Partial<ProcessRunStart> = {}): ProcessRunStart => ({
  etomId: '1.F.3.2.2',
  workflowId: `RO-${n}`,
  runId: 'r1',
  workflowType: 'resourceOrder',
  rootWorkflowId: `ORD-${n}`,
  activityId: '1',
  attempt: 1,
  startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  ...over,
});

describe('the process-run record (#11)', () => {
  it('keeps counters, a histogram and the flows, each start and end counted once', async () => {
    const store = createSqliteStore({ filename: ':memory:', seed: false });
    const port = store.ports.processRuns;
    const events: ProcessRunEvent[] = [];
    for (let i = 1; i <= 4; i++) {
      events.push({ kind: 'start', ...run(i) });
      events.push({ kind: 'end', ...run(i), outcome: i === 4 ? 'failed' : 'completed', durationMs: 30 * i });
    }
    // The root runs a process itself: its type is the flow's.
    events.push({
      kind: 'start',
      ...run(9, { workflowId: 'ORD-9', workflowType: 'productOrder', etomId: '1.F.1.5.2' }),
    });
    events.push({ kind: 'start', ...run(5) });
    await port.record(events);
    // A batch sent again (a worker that retried its flush) changes nothing.
    await port.record(events);
    // An end whose start was lost (a worker restarted) still counts once.
    await port.record([{ kind: 'end', ...run(6), outcome: 'refused', durationMs: 5 }]);

    const stats = await port.statsOf('1.F.3.2.2');
    expect(stats).toEqual({
      etomId: '1.F.3.2.2',
      runs: 6,
      running: 1,
      completed: 3,
      refused: 1,
      failed: 1,
      p50Ms: expect.any(Number),
    });
    // Ended: 5, 30, 60, 90, 120 ms: the median falls in the 50–100 ms bucket.
    expect(stats.p50Ms).toBeGreaterThan(50);
    expect(stats.p50Ms).toBeLessThanOrEqual(100);
    expect((await port.stats()).map((s) => s.etomId).sort()).toEqual(['1.F.1.5.2', '1.F.3.2.2']);
    expect(await port.statsOf('1.A.1.6.1')).toMatchObject({ runs: 0, running: 0, p50Ms: null });

    const flows = await port.recentFlows('1.F.3.2.2', 3);
    expect(flows.map((f) => f.rootWorkflowId)).toEqual(['ORD-6', 'ORD-5', 'ORD-4']);
    expect((await port.recentFlows('1.F.1.5.2', 5))[0]).toMatchObject({
      rootWorkflowId: 'ORD-9',
      rootWorkflowType: 'productOrder',
    });
    expect(store.db.prepare('SELECT count(*) FROM process_runs').pluck().get()).toBe(7);
    store.close();
  });

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
