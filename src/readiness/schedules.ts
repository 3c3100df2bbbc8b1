import type { Client } from '@temporalio/client';

export interface ReadinessScheduleInfo {
  scheduleId: string;
  workflowType: string;
  cadence: string;
}

/**
 * Placeholder: creates (idempotently) the Temporal Schedules that run the Operations Support &
 * Readiness workflows, and returns their ids. `etom dev` calls it on every start.
 */
export async function ensureReadinessSchedules(
  _client: Client,
  _opts: { taskQueuePrefix: string; log?: (line: string) => void },
): Promise<string[]> {
  return [];
}

/** Placeholder: the readiness schedules that exist on the cluster. */
export async function listReadinessSchedules(_client: Client): Promise<ReadinessScheduleInfo[]> {
  return [];
}
