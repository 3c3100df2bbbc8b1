import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { UsageError } from '../../src/cli/args';
import { parseBillCycleArgs, runBillCycleOn } from '../../src/cli/bill-cycle';
import { loadConfig } from '../../src/config';
import { withWorkers } from '../support/runtime';

/**
 * `etom bill-cycle` (#15): the operator's own bill cycle, run on a running instance through its
 * namespace and task queues — how a wholesaler bills the retailer that buys from it.
 */
describe('etom bill-cycle', () => {
  it('refuses a wrong option with its message (a usage error), and takes the right ones', () => {
    const wrong = (args: string[]) => {
      try {
        parseBillCycleArgs(args);
      } catch (err) {
        return err;
      }
      throw new Error(`accepted ${args.join(' ')}`);
    };
    const timings = wrong(['--timings', 'fast']);
    expect(timings).toBeInstanceOf(UsageError);
    expect((timings as Error).message).toBe("--timings takes 'standard' or 'demo'");
    const unknown = wrong(['--period', '2026-11']);
    expect(unknown).toBeInstanceOf(UsageError);
    expect((unknown as Error).message).toMatch(/Unknown option '--period'/);
    expect(parseBillCycleArgs(['--json', '--no-settle', '--timings', 'demo'])).toEqual({
      json: true,
      'no-settle': true,
      timings: 'demo',
    });
    expect(parseBillCycleArgs([])).toEqual({ json: false, 'no-settle': false, timings: 'standard' });
  });

  it('runs the billing workflow on the instance its configuration names and returns the bills it issued', async () => {
    await withWorkers(
      async (rt) => {
        const cfg = loadConfig({
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          TEMPORAL_NAMESPACE: inject('temporalNamespace'),
          ETOM_TASK_QUEUE_PREFIX: rt.prefix,
          ETOM_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bill-cycle-')),
        });
        const run = await runBillCycleOn(cfg, { 'no-settle': true });
        expect(run.billRunId).toMatch(/^billCycle\//);
        // Every bill it names is in the store, issued by this run, for the customer it says.
        const rows = rt.store.db
          .prepare(
            'SELECT id AS billId, customer_id AS customerId, total_minor AS totalMinor FROM bills WHERE bill_run_id = ? ORDER BY id',
          )
          .all(run.billRunId);
        expect(run.bills.length).toBeGreaterThan(0);
        expect([...run.bills].sort((a, b) => a.billId.localeCompare(b.billId))).toEqual(rows);
        // The run is the billing workflow, completed, on this instance's CRM queue.
        const described = await rt.client.workflow.getHandle(run.billRunId).describe();
        expect(described.type).toBe('billingAndCollections');
        expect(described.taskQueue).toBe(rt.queue('crm'));
        expect(described.status.name).toBe('COMPLETED');
      },
      { installedBase: true },
    );
  }, 180_000);
});
