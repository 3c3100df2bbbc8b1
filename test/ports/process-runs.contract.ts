import { describe, expect, it } from 'vitest';
import type { ProcessRunEvent, ProcessRunOutcome, ProcessRunPort, ProcessRunStart } from '../../src/ports/process-runs';
import { withHarness } from './harness';

/**
 * The process-run record's contract (the dashboard's, #11), for every adapter (docs/ADAPTERS.md):
 * batches of attempt starts and ends from every worker, read back as counters, a median from a
 * duration histogram and the flows that ran each process. The harness builds an empty store.
 */

export interface ProcessRunHarness {
  port: ProcessRunPort;
  /** How many attempts the store holds, counted beside the port. */
  attempts(): Promise<number>;
  close(): Promise<void>;
}

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
const start = (r: ProcessRunStart): ProcessRunEvent => ({ kind: 'start', ...r });
const end = (r: ProcessRunStart, outcome: ProcessRunOutcome, durationMs: number): ProcessRunEvent => ({
  kind: 'end',
  ...r,
  outcome,
  durationMs,
});

export function processRunsContract(adapter: string, make: () => Promise<ProcessRunHarness>): void {
  const withStore = withHarness(make);

  describe(`process runs port on ${adapter}`, () => {
    it(
      'keeps counters, a histogram and the flows, each start and end counted once',
      withStore(async (h) => {
        const events: ProcessRunEvent[] = [];
        for (let i = 1; i <= 4; i++) events.push(start(run(i)), end(run(i), i === 4 ? 'failed' : 'completed', 30 * i));
        // The root runs a process itself: its type is the flow's.
        events.push(start(run(9, { workflowId: 'ORD-9', workflowType: 'productOrder', etomId: '1.F.1.5.2' })));
        events.push(start(run(5)));
        await h.port.record(events);
        // A batch sent again (a worker that retried its flush) changes nothing.
        await h.port.record(events);
        // An end whose start was lost (a worker restarted) still counts once.
        await h.port.record([end(run(6), 'refused', 5)]);
        await h.port.record([]);

        const stats = await h.port.statsOf('1.F.3.2.2');
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
        expect((await h.port.stats()).map((s) => s.etomId).sort()).toEqual(['1.F.1.5.2', '1.F.3.2.2']);
        expect(await h.port.statsOf('1.A.1.6.1')).toEqual({
          etomId: '1.A.1.6.1',
          runs: 0,
          running: 0,
          completed: 0,
          refused: 0,
          failed: 0,
          p50Ms: null,
        });

        const flows = await h.port.recentFlows('1.F.3.2.2', 3);
        expect(flows).toEqual([
          { rootWorkflowId: 'ORD-6', rootWorkflowType: null, at: run(6).startedAt },
          { rootWorkflowId: 'ORD-5', rootWorkflowType: null, at: run(5).startedAt },
          { rootWorkflowId: 'ORD-4', rootWorkflowType: null, at: run(4).startedAt },
        ]);
        expect(await h.port.recentFlows('1.F.1.5.2', 5)).toEqual([
          { rootWorkflowId: 'ORD-9', rootWorkflowType: 'productOrder', at: run(9).startedAt },
        ]);
        expect(await h.attempts()).toBe(7);
      }),
    );

    it(
      'a flow is dated by the latest attempt of it, whatever order the batches arrive in',
      withStore(async (h) => {
        const late = run(1, { attempt: 2, startedAt: '2026-01-01T10:00:00.000Z' });
        await h.port.record([start(late)]);
        await h.port.record([start(run(1, { startedAt: '2026-01-01T09:00:00.000Z' }))]);
        expect(await h.port.recentFlows('1.F.3.2.2', 5)).toEqual([
          { rootWorkflowId: 'ORD-1', rootWorkflowType: null, at: '2026-01-01T10:00:00.000Z' },
        ]);
      }),
    );

    it(
      'all or nothing: a batch the store refuses records none of its events',
      withStore(async (h) => {
        const broken = end(run(2), 'exploded' as ProcessRunOutcome, 10);
        const err = await h.port.record([start(run(1)), broken]).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(Error);
        expect(await h.attempts()).toBe(0);
        expect(await h.port.stats()).toEqual([]);
        expect(await h.port.recentFlows('1.F.3.2.2', 5)).toEqual([]);
      }),
    );

    it(
      'concurrent writers: workers flushing overlapping batches at once count each attempt once',
      withStore(async (h) => {
        const processes = ['1.F.1.5.2', '1.F.2.2.1', '1.F.3.2.2', '1.A.1.6.1'];
        // Worker w's batch touches every process, in an order of its own; each batch is also
        // flushed twice at the same time (a retry racing the first flush).
        const batch = (w: number): ProcessRunEvent[] =>
          Array.from({ length: 12 }, (_, i) => {
            const etomId = processes[(i + w) % processes.length]!;
            const r = run(i, { workflowId: `WF-${w}-${i}`, rootWorkflowId: `ROOT-${i % 3}`, etomId });
            return [start(r), end(r, i % 5 === 0 ? 'refused' : 'completed', 10 + i)];
          }).flat();
        await Promise.all([1, 2, 3, 4, 1, 2, 3, 4].map((w) => h.port.record(batch(w))));
        expect(await h.attempts()).toBe(48);
        const stats = await h.port.stats();
        expect(stats.reduce((n, s) => n + s.runs, 0)).toBe(48);
        expect(stats.reduce((n, s) => n + s.completed + s.refused, 0)).toBe(48);
        expect(stats.reduce((n, s) => n + s.refused, 0)).toBe(4 * 3);
        expect(stats.every((s) => s.running === 0 && s.failed === 0)).toBe(true);
      }),
    );
  });
}
