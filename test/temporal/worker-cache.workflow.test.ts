import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { cachePerLayer } from '../../src/temporal/workers';
import type { WorkOrderResult } from '../../src/domain/assurance/messages';
import { rowsOf, startWorkOrder, waitForWorkOrderAndComplete } from '../support/assurance';
import { eventually } from '../support/fulfilment';
import { withWorkers } from '../support/runtime';

/**
 * ETOM_WORKER_CACHE (#14, P4): one budget of cached workflows per worker process, shared by its
 * layer workers, so that a process holding thousands of open orders and tickets stays in bounds
 * (bench/README, "Open and waiting"); what the cache lets go is replayed, not lost.
 */
describe('the worker process cache (ETOM_WORKER_CACHE)', () => {
  it('is 2,000 workflows a process unless set, and a bad value is refused by name', () => {
    expect(loadConfig({}).workerCache).toBe(2000);
    expect(loadConfig({ ETOM_WORKER_CACHE: '0' }).workerCache).toBe(0);
    expect(() => loadConfig({ ETOM_WORKER_CACHE: 'lots' })).toThrow(/ETOM_WORKER_CACHE/);
    expect(() => loadConfig({ ETOM_WORKER_CACHE: '-1' })).toThrow(/ETOM_WORKER_CACHE/);
  });

  it('is shared evenly by the layers of the process, 2 each at the least (the SDK takes 0 or 2 and up)', () => {
    expect([cachePerLayer(2000, 4), cachePerLayer(2000, 1), cachePerLayer(5, 4), cachePerLayer(0, 4)]).toEqual([
      500, 2000, 2, 0,
    ]);
  });

  it('gives each layer worker its share', async () => {
    await withWorkers(
      async (rt) => {
        expect(rt.workers.map((w) => w.options.maxCachedWorkflows)).toEqual([3, 3]);
      },
      { layers: ['rmo', 'sprm'], cachedWorkflows: 6 },
    );
  });

  it('keeps more work orders waiting than it caches: those let go replay when the technician reports, and all complete', async () => {
    const names = ['cache-1', 'cache-2', 'cache-3', 'cache-4', 'cache-5'];
    await withWorkers(
      async (rt) => {
        const handles = await Promise.all(names.map((n) => startWorkOrder(rt, n)));
        // All five dispatched and waiting for their technician, the RM&O worker caching two.
        await eventually(
          async () => rowsOf(rt, `SELECT 1 FROM work_orders WHERE reference LIKE ?`, `%-${rt.prefix}`).length === 5,
          'five work orders dispatched',
          60_000,
        );
        await eventually(
          async () => rt.workers[0]!.getStatus().numInFlightWorkflowActivations === 0,
          'the worker idle',
          60_000,
        );
        expect(rt.workers[0]!.getStatus().numCachedWorkflows).toBeLessThanOrEqual(2);
        for (const n of names) await waitForWorkOrderAndComplete(rt, rt.id(n));
        const results: WorkOrderResult[] = await Promise.all(handles.map((h) => h.result()));
        expect(results.map((r) => r.outcome)).toEqual(['fixed', 'fixed', 'fixed', 'fixed', 'fixed']);
        expect(
          rowsOf(rt, `SELECT state FROM work_orders WHERE reference LIKE ? ORDER BY reference`, `%-${rt.prefix}`),
        ).toEqual(names.map(() => ({ state: 'completed' })));
      },
      { layers: ['rmo'], installedBase: true, cachedWorkflows: 2 },
    );
  });
});
