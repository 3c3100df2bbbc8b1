import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { BillRunRequest, type BillRunRequestInput } from '../domain/billing/billing';
import { taskQueueFor } from '../layers';

/** The bill cycle's Schedule: a bill run on the first of each month at 02:00 UTC. */
export const BILL_CYCLE_SCHEDULE_ID = 'etom-bill-cycle';

/**
 * Creates the bill-cycle Schedule, or brings an existing one to this request: idempotent, so
 * every start of the system may call it. Runs never overlap: a cycle waits for the last.
 */
export async function ensureBillCycleSchedule(
  client: Client,
  opts: { taskQueuePrefix: string; request?: BillRunRequestInput; scheduleId?: string },
): Promise<string> {
  const scheduleId = opts.scheduleId ?? BILL_CYCLE_SCHEDULE_ID;
  const request = BillRunRequest.parse(opts.request ?? {});
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'billingAndCollections',
    workflowId: `billCycle`,
    taskQueue: taskQueueFor('crm', opts.taskQueuePrefix),
    args: [request],
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ dayOfMonth: 1, hour: 2, comment: 'monthly bill cycle' }] },
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, action }));
  }
  return scheduleId;
}

/** Runs a bill cycle now, through the Schedule, and returns the workflow id it started. */
export async function triggerBillCycle(
  client: Client,
  scheduleId = BILL_CYCLE_SCHEDULE_ID,
  timeoutMs = 30_000,
): Promise<string> {
  const handle = client.schedule.getHandle(scheduleId);
  const before = new Set((await handle.describe()).info.recentActions.map((a) => a.action.workflow.workflowId));
  await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const started = (await handle.describe()).info.recentActions.find((a) => !before.has(a.action.workflow.workflowId));
    if (started) return started.action.workflow.workflowId;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the bill-cycle schedule ${scheduleId} started no run within ${timeoutMs} ms`);
}
