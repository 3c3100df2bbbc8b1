import { type Client, WorkflowNotFoundError, isGrpcServiceError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { layerKeyOf, processByWorkflow } from '../catalog';
import { isLayerKey } from '../layers';
import { decodeWithClient } from '../temporal/codec-history';
import type { Lane } from './model';

export type History = temporal.api.history.v1.IHistory;
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads;

/** Where histories come from: the server (clientSource), or recorded files in the tests. */
export interface HistorySource {
  history(workflowId: string, runId?: string): Promise<History>;
}

/** gRPC's NOT_FOUND: fetchHistory passes the server's error through unwrapped. */
const NOT_FOUND = 5;

export function clientSource(client: Client): HistorySource {
  return {
    history: (workflowId, runId) =>
      client.workflow
        .getHandle(workflowId, runId)
        .fetchHistory()
        // Sealed payloads (#16) opened with the client's codec, so inputs and actions read the same.
        .then((history) => decodeWithClient(client, history))
        .catch((err: unknown) => {
          if (isGrpcServiceError(err) && err.code === NOT_FOUND)
            throw new WorkflowNotFoundError(err.details || 'workflow not found', workflowId, runId);
          throw err;
        }),
  };
}

export const instant = (event: HistoryEvent): string => new Date(tsToMs(event.eventTime)).toISOString();

/** The first argument of a call, as the workflow passed it; undefined when it is not JSON. */
export function firstArgument(input: Payloads | null | undefined): unknown {
  const payload = input?.payloads?.[0];
  if (!payload) return undefined;
  try {
    return defaultPayloadConverter.fromPayload(payload);
  } catch {
    return undefined;
  }
}

/** The `action` a process's input names, when it has one (most multi-purpose processes do). */
export function actionOf(input: Payloads | null | undefined): string | null {
  const arg = firstArgument(input);
  if (typeof arg !== 'object' || arg === null) return null;
  const action = (arg as { action?: unknown }).action;
  return typeof action === 'string' ? action : null;
}

/**
 * The layer whose worker polls a task queue: the queues are `<prefix>-<layer>`
 * (src/layers.ts taskQueueFor), whatever the deployment's prefix.
 */
export function laneOfTaskQueue(taskQueue: string | null | undefined): Lane | undefined {
  const suffix = taskQueue?.slice(taskQueue.lastIndexOf('-') + 1) ?? '';
  return isLayerKey(suffix) ? suffix : undefined;
}

/** A workflow's lane: its task queue's layer, else the layer of the process it implements. */
export function laneOfWorkflow(type: string, taskQueue: string | null | undefined): Lane {
  const lane = laneOfTaskQueue(taskQueue);
  if (lane) return lane;
  const p = processByWorkflow(type);
  const layer = p && layerKeyOf(p);
  if (layer) return layer;
  throw new Error(`cannot place workflow type ${type} (task queue ${taskQueue ?? 'none'}) in a layer`);
}

/**
 * Who outside the enterprise sent a signal that no workflow sent (the history then names no
 * sender): the suppliers report on partner orders and problems, the field technicians report
 * work orders done, the network sends alarm batches; the rest comes from the customer's side
 * (the TMF APIs, the demos).
 */
const SIGNAL_PARTIES: Record<string, Lane> = {
  supplierReport: 'supplier',
  supplierProblemReport: 'supplier',
  workOrderCompleted: 'technician',
  alarmBatch: 'network',
};

export const outsidePartyOf = (signalName: string): Lane => SIGNAL_PARTIES[signalName] ?? 'customer';
