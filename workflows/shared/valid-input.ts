import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import type { z } from 'zod';
import { payloadOutOfBounds } from '../../src/domain/limits';

/** The failure type of a workflow started with input its own contract refuses. */
export const INVALID_INPUT = 'InvalidInput';

/**
 * A workflow's first step when anyone can start it (the Web UI, `temporal workflow start`,
 * another service): its input checked against the same zod schema its callers are checked
 * against. Input that breaks it fails the workflow at once, non-retryable, naming every issue;
 * left unchecked, a missing field would throw a TypeError in the workflow task, which Temporal
 * retries for ever.
 *
 * The input is returned as it came (not zod's output): a valid input runs exactly as before,
 * with the same commands, so no recorded history changes.
 */
export function validInput<S extends z.ZodType>(schema: S, input: unknown): z.input<S> {
  const outside = payloadOutOfBounds(input);
  const parsed = outside ? undefined : schema.safeParse(input);
  if (parsed?.success) return input as z.input<S>;
  const issues = parsed
    ? parsed.error.issues
        .slice(0, 20)
        .map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }))
    : [{ path: '(payload)', message: outside ?? 'out of bounds' }];
  throw ApplicationFailure.create({
    type: INVALID_INPUT,
    message: `${workflowInfo().workflowType}: invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    nonRetryable: true,
    // Paths and messages only: the input itself may hold a customer's details.
    details: [{ issues }],
  });
}
