import { z } from 'zod';
import { type EtomConfig, loadConfig } from '../config';
import { BillRunRequest, DEMO_BILLING_TIMINGS } from '../domain/billing/billing';
import { taskQueueFor } from '../layers';
import { connectClient, projectClient } from '../temporal/connect';
import type { BillRunResult, billingAndCollections } from '../../workflows/crm/billing-collections-management';
import { UsageError, parse } from './args';

/**
 * `etom bill-cycle`: the operator runs its bill cycle now (1.B.1.8, Billing & Collections
 * Management), the same `billingAndCollections` workflow its monthly Schedule starts, on the
 * running instance's namespace and task queues. Its customers' bills are then what its TMF678
 * API serves them: a wholesaler's bill to a retailer is made this way, by the wholesaler.
 */
export const BillCycleOptions = z.strictObject({
  json: z.boolean().default(false),
  /** demo: payment terms of seconds (the demos' dunning); standard: the 30 days the Schedule uses. */
  timings: z.enum(['standard', 'demo'], { error: "--timings takes 'standard' or 'demo'" }).default('standard'),
  /** Bills only: no settlement with our own suppliers in the same cycle (the Schedule settles). */
  'no-settle': z.boolean().default(false),
});
export type BillCycleOptions = z.output<typeof BillCycleOptions>;

export interface BillCycleRun {
  billRunId: string;
  periodStart: string;
  periodEnd: string;
  bills: Array<{ billId: string; customerId: string; totalMinor: number }>;
}

/** The options of `etom bill-cycle`, checked: a wrong one is a usage error with zod's message. */
export function parseBillCycleArgs(args: string[]): BillCycleOptions {
  const { values } = parse(args, {
    json: { type: 'boolean' },
    timings: { type: 'string' },
    'no-settle': { type: 'boolean' },
  });
  const parsed = BillCycleOptions.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/**
 * Runs one bill cycle on the instance `cfg` describes and waits for its bills. The workflow id
 * is the cycle's own (`billCycle/<start>`), so two cycles never meet, nor one the Schedule's.
 */
export async function runBillCycleOn(cfg: EtomConfig, opts: Partial<BillCycleOptions> = {}): Promise<BillCycleRun> {
  const connection = await connectClient(cfg.temporalAddress ?? `localhost:${cfg.temporalPort}`);
  try {
    const client = projectClient(connection, cfg);
    const workflowId = `billCycle/${new Date().toISOString()}`;
    const run: BillRunResult = await client.workflow.execute<typeof billingAndCollections>('billingAndCollections', {
      taskQueue: taskQueueFor('crm', cfg.taskQueuePrefix),
      workflowId,
      args: [
        BillRunRequest.parse({
          settle: !opts['no-settle'],
          ...(opts.timings === 'demo' ? { timings: DEMO_BILLING_TIMINGS } : {}),
        }),
      ],
    });
    return {
      billRunId: run.billRunId,
      periodStart: run.periodStart,
      periodEnd: run.periodEnd,
      bills: run.bills.map((b) => ({ billId: b.billId, customerId: b.customerId, totalMinor: b.totalMinor })),
    };
  } finally {
    await connection.close();
  }
}

/** `etom bill-cycle [--json] [--timings standard|demo] [--no-settle]`: the bills' ids, one a line or as JSON. */
export async function runBillCycle(args: string[]): Promise<number> {
  const opts = parseBillCycleArgs(args);
  const run = await runBillCycleOn(loadConfig(), opts);
  if (opts.json) process.stdout.write(`${JSON.stringify(run)}\n`);
  else
    process.stdout.write(
      `${run.billRunId}: ${run.bills.length} bills (${run.periodStart} → ${run.periodEnd})\n` +
        run.bills.map((b) => `${b.billId} ${b.customerId} ${b.totalMinor}\n`).join(''),
    );
  return 0;
}
