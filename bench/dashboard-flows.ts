import { ApplicationFailure } from '@temporalio/workflow';

/**
 * Stand-ins for the flows the dashboard lists, for `bench dashboard` only (bundled on their own,
 * polled on the bench's queues): each is started with its search attributes and ends at once,
 * completed or failed, so 10,000 closed flows cost seconds, not hours of real orders.
 */
async function seededFlow(fail: boolean): Promise<void> {
  if (fail) throw ApplicationFailure.nonRetryable('a seeded failure', 'Seeded');
}

export const productOrder = seededFlow;
export const troubleTicket = seededFlow;
export const serviceProblem = seededFlow;
export const billingAndCollections = seededFlow;
