import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Options for calls to OSS/BSS systems: a short start-to-close so a hung adapter is noticed,
 * and retries with backoff for transient faults. Business rejections are non-retryable
 * ApplicationFailures raised by the activity contract, so they are never retried.
 */
export const SYSTEM_CALL: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 12 },
};

/**
 * Bulk passes over the store (usage records by the million): as long as the volume needs,
 * but they heartbeat after every chunk, so a worker lost mid-pass is noticed within the
 * heartbeat timeout, and the retry resumes where the records' states say it stopped.
 */
export const BULK_CALL: ActivityOptions = {
  ...SYSTEM_CALL,
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
};
