import {
  type Client,
  ScheduleAlreadyRunning,
  type ScheduleDescription,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import { LAYERS, type LayerKey, taskQueueFor } from '../layers';

/**
 * Operations Support & Readiness runs on Temporal Schedules: one per layer, each starting that
 * layer's readiness workflow on the layer's task queue. Schedule ids are stable
 * (`<prefix>-readiness-<layer>`, e.g. `etom-readiness-crm`), so creating them again finds them
 * there and changes nothing.
 */

export interface ReadinessScheduleInfo {
  scheduleId: string;
  workflowType: string;
  cadence: string;
  taskQueue?: string;
  paused?: boolean;
  createdAt?: string;
  recentRuns?: string[];
}

export const READINESS_WORKFLOWS: Record<LayerKey, string> = {
  crm: 'crmReadiness',
  smo: 'smoReadiness',
  rmo: 'rmoReadiness',
  sprm: 'sprmReadiness',
};

/** How often each layer's readiness runs unless told otherwise (ETOM_READINESS_EVERY[_<LAYER>]). */
export const DEFAULT_CADENCE = '1 day';

export const readinessScheduleId = (layer: LayerKey, prefix = 'etom') => `${prefix}-readiness-${layer}`;
const SCHEDULE_ID = /^(.+)-readiness-(crm|smo|rmo|sprm)$/;

export function readinessCadence(
  layer: LayerKey,
  over: Partial<Record<LayerKey, string>> = {},
  env: NodeJS.ProcessEnv = process.env,
): string {
  return (
    over[layer] ?? env[`ETOM_READINESS_EVERY_${layer.toUpperCase()}`] ?? env['ETOM_READINESS_EVERY'] ?? DEFAULT_CADENCE
  );
}

/**
 * Creates (idempotently) the Temporal Schedules that run the Operations Support & Readiness
 * workflows, and returns their ids. `etom dev` calls it on every start.
 */
export async function ensureReadinessSchedules(
  client: Client,
  opts: {
    taskQueuePrefix: string;
    log?: (line: string) => void;
    cadence?: Partial<Record<LayerKey, string>>;
    /** Arguments the scheduled runs get (e.g. a shorter trend window for the demo). */
    windowDays?: number;
  },
): Promise<string[]> {
  const ids: string[] = [];
  for (const layer of LAYERS) {
    const scheduleId = readinessScheduleId(layer, opts.taskQueuePrefix);
    const every = readinessCadence(layer, opts.cadence);
    if (!(await exists(client, scheduleId))) {
      try {
        await client.schedule.create({
          scheduleId,
          spec: { intervals: [{ every: every as `${number} ${string}` }] },
          action: {
            type: 'startWorkflow',
            workflowType: READINESS_WORKFLOWS[layer],
            taskQueue: taskQueueFor(layer, opts.taskQueuePrefix),
            workflowId: `${scheduleId}-run`,
            args: [opts.windowDays ? { windowDays: opts.windowDays } : {}],
          },
          // A run still going when the next is due: the next is skipped, never stacked.
          policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
          memo: { cadence: every },
        });
        opts.log?.(`readiness schedule ${scheduleId} created (every ${every})`);
      } catch (err) {
        // Another starter created it between our look and our create: it is there, as wanted.
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      }
    }
    ids.push(scheduleId);
  }
  return ids;
}

async function exists(client: Client, scheduleId: string): Promise<boolean> {
  try {
    await client.schedule.getHandle(scheduleId).describe();
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}

function toInfo(d: ScheduleDescription): ReadinessScheduleInfo {
  const action = d.action as { workflowType?: string; taskQueue?: string };
  const interval = d.spec.intervals?.[0];
  const every = interval ? `${Number(interval.every) / 1000}s` : 'unscheduled';
  const memoCadence = (d.memo as { cadence?: string } | undefined)?.cadence;
  return {
    scheduleId: d.scheduleId,
    workflowType: action.workflowType ?? 'unknown',
    cadence: memoCadence ?? every,
    taskQueue: action.taskQueue,
    paused: d.state.paused,
    createdAt: d.info.createdAt.toISOString(),
    recentRuns: d.info.recentActions.map((a) => a.action.workflow.workflowId),
  };
}

/** The readiness schedules that exist on the cluster (optionally those of one queue prefix). */
export async function listReadinessSchedules(client: Client, prefix?: string): Promise<ReadinessScheduleInfo[]> {
  const found: ReadinessScheduleInfo[] = [];
  for await (const s of client.schedule.list()) {
    const m = SCHEDULE_ID.exec(s.scheduleId);
    if (!m || (prefix !== undefined && m[1] !== prefix)) continue;
    found.push(toInfo(await client.schedule.getHandle(s.scheduleId).describe()));
  }
  return found.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
}

/**
 * Runs every readiness schedule of a prefix now (as its "trigger" button does) and returns the
 * ids of the workflows the schedules started, once the server has started them.
 */
export async function triggerReadinessNow(
  client: Client,
  prefix = 'etom',
  opts: { timeoutMs?: number } = {},
): Promise<Array<{ scheduleId: string; workflowId: string; workflowType: string }>> {
  const started = [];
  for (const layer of LAYERS) {
    const handle = client.schedule.getHandle(readinessScheduleId(layer, prefix));
    const before = await handle.describe();
    const seen = new Set([
      ...before.info.recentActions.map((a) => a.action.workflow.workflowId),
      ...before.info.runningActions.map((a) => a.workflow.workflowId),
    ]);
    await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
    let workflowId: string | undefined;
    while (!workflowId) {
      const d = await handle.describe();
      workflowId = [
        ...d.info.runningActions.map((a) => a.workflow.workflowId),
        ...d.info.recentActions.map((a) => a.action.workflow.workflowId),
      ].find((id) => !seen.has(id));
      if (!workflowId) {
        if (Date.now() > deadline) throw new Error(`schedule ${handle.scheduleId} started nothing after its trigger`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    started.push({ scheduleId: handle.scheduleId, workflowId, workflowType: READINESS_WORKFLOWS[layer] });
  }
  return started;
}
