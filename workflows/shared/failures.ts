import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, isCancellation } from '@temporalio/workflow';

/**
 * The business rejection behind a failed activity or child, if that is what it was: the
 * ApplicationFailure an activity contract raised, with its stable `type`. Anything else (a
 * timeout, a bug) returns undefined and should be rethrown.
 */
export function businessRejection(err: unknown): ApplicationFailure | undefined {
  let cause: unknown = err;
  while (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause;
  return cause instanceof ApplicationFailure && cause.nonRetryable ? cause : undefined;
}

/** A one-line reason for a failure, for the order's record and the customer. */
export function reasonOf(err: unknown): string {
  if (isCancellation(err)) return 'cancelled';
  const rejection = businessRejection(err);
  if (rejection) return rejection.message;
  return err instanceof Error ? err.message : String(err);
}
