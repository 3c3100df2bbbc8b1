import { log, workflowInfo } from '@temporalio/workflow';

/**
 * A decision a workflow took (a rejection, an escalation, a jeopardy, a cancellation, a
 * compensation), logged with the SDK's workflow logger: the eTOM id of the process that took
 * it and the business id (the workflow id is the entity's id in this project). Attributes are
 * ids and states, never the customer's data. Logging emits no command: histories are unchanged.
 */
export function logDecision(what: string, etomId: string, attributes: Record<string, unknown> = {}): void {
  log.info(what, { etomId, businessId: workflowInfo().workflowId, ...attributes });
}
