import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import {
  AlarmSurveillanceRequest,
  type AlarmSurveillanceRequestInput,
} from '../domain/assurance/alarm-surveillance-request';
import { TmfRequestError } from '../contracts/tmf-error';
import { AlarmEventsInput } from '../domain/assurance/alarm-event';
import { taskQueueFor } from '../layers';
import type { AlarmEvent, AlarmEvents, AlarmPort } from '../ports/alarms';
import type { alarmSurveillance } from '../../workflows/rmo/resource-trouble-management';

/**
 * Alarm ingest: the door through which the network's alarms enter Resource Trouble
 * Management. Alarms are stored in the alarm list in batches (claim-check: a workflow never
 * carries them), and each batch is handed by its id to the long-lived RM&O workflow
 * `alarmSurveillance` (1.A.3.3.1), started with the first batch if it is not running.
 */

/** The workflow id of the network's alarm surveillance (one per network by default). */
export const ALARM_SURVEILLANCE_ID = 'alarm-surveillance';
/**
 * The surveillance of one deployment, and the prefix of its root cause (and resource trouble)
 * ids: the default deployment (`etom`) keeps the plain names; another task-queue prefix (a
 * test's, a second network's on the same cluster) gets its own, so their workflow ids never meet.
 */
export function deploymentSurveillance(taskQueuePrefix = 'etom'): { workflowId: string; troubleIdPrefix: string } {
  return taskQueuePrefix === 'etom'
    ? { workflowId: ALARM_SURVEILLANCE_ID, troubleIdPrefix: 'RT' }
    : { workflowId: `${ALARM_SURVEILLANCE_ID}-${taskQueuePrefix}`, troubleIdPrefix: `RT-${taskQueuePrefix}` };
}
/** The signal that hands a batch over (defined in workflows/rmo/resource-trouble-management.ts). */
export const ALARM_BATCH_SIGNAL = 'alarmBatch';

/** The surveillance workflow's input: in the domain, where the workflow itself checks it (#16). */
export {
  AlarmSurveillanceRequest,
  type AlarmSurveillanceRequestInput,
} from '../domain/assurance/alarm-surveillance-request';

export interface AlarmBatch {
  batchId: string;
  count: number;
}

export interface IngestOptions {
  client: Client;
  alarms: AlarmPort;
  request: AlarmSurveillanceRequestInput;
  workflowId?: string;
  taskQueuePrefix?: string;
  /** Notifications per batch (default 1000). */
  batchSize?: number;
  sourceSystemId?: string;
  /**
   * What names this submission, when it may be made again (a TMF642 POST repeated): the same
   * key stores its batches once. Without it, every call is a submission of its own.
   */
  key?: string;
  /** Each alarm raised or cleared stores its event with the batch (the TMF642 API's listeners). */
  publish?: AlarmEvents;
}

/** Stores `events` batch by batch and signals each batch to the surveillance workflow. */
export async function ingestAlarms(opts: IngestOptions, events: readonly AlarmEvent[]): Promise<AlarmBatch[]> {
  // Checked whole before anything is stored (found by the fuzzer, #16: a malformed event crashed
  // the store's insert, or was stored as it came).
  const checked = AlarmEventsInput.safeParse(events);
  if (!checked.success) throw TmfRequestError.fromZod('Invalid alarm events', checked.error);
  const request = AlarmSurveillanceRequest.parse(opts.request);
  const size = opts.batchSize ?? 1000;
  const workflowId = opts.workflowId ?? ALARM_SURVEILLANCE_ID;
  const batches: AlarmBatch[] = [];
  const run = opts.key ?? randomUUID();
  for (let i = 0; i < events.length; i += size) {
    const batch = await opts.alarms.ingest(
      `alarm-ingest/${workflowId}/${run}/${i}`,
      opts.sourceSystemId ?? 'EMS',
      events.slice(i, i + size),
      opts.publish,
    );
    await handOver(opts, request, batch);
    batches.push(batch);
  }
  return batches;
}

/**
 * Signals a stored batch to the surveillance workflow, started if it does not run. Ingest does
 * it for each batch; a batch whose signal was lost (the cluster unreachable) is handed over again.
 */
export async function handOver(
  opts: Pick<IngestOptions, 'client' | 'workflowId' | 'taskQueuePrefix'>,
  request: AlarmSurveillanceRequest,
  batch: AlarmBatch,
): Promise<void> {
  await opts.client.workflow.signalWithStart<typeof alarmSurveillance, [AlarmBatch]>('alarmSurveillance', {
    workflowId: opts.workflowId ?? ALARM_SURVEILLANCE_ID,
    taskQueue: taskQueueFor('rmo', opts.taskQueuePrefix),
    args: [request],
    signal: ALARM_BATCH_SIGNAL,
    signalArgs: [batch],
  });
}
