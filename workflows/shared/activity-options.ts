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
