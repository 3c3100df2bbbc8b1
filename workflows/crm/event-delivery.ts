import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import { eventsPendingSignal } from '../shared/event-messages';
import { EventDeliveryInput as EventDeliveryInputContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';

/**
 * The delivery of one hub subscription's events to its listener (TMF630), part of Customer
 * Interface Management (1.FAB.1.2): the events are already stored, in order; this workflow
 * hands them to the listener, oldest first, through Manage Contact (1.FAB.1.2.1). A listener
 * that fails is retried with backoff, without end, and holds back the later events, so it gets
 * every event, once back, in the order they happened; one that answers 410 is dropped. The
 * processes that publish events wake it by signal; its timer catches a missed signal.
 */
export interface EventDeliveryInput {
  subscriptionId: string;
}

/** One delivery per subscription, so two never race to send the same listener its events. */
export const eventDeliveryId = (subscriptionId: string) => `eventDelivery/${subscriptionId}`;

/**
 * How the hub (on subscribing) and the publishing processes (on each new event) start the
 * delivery, or wake it when it runs: a signal-with-start on CRM's task queue.
 */
export const eventDeliveryStart = (subscriptionId: string, crmTaskQueue: string) => ({
  workflowId: eventDeliveryId(subscriptionId),
  taskQueue: crmTaskQueue,
  args: [{ subscriptionId }] as [EventDeliveryInput],
  signal: eventsPendingSignal,
  signalArgs: [] as [],
  // Started from activities too, whose client carries no interceptor: the Web UI's words are here.
  staticSummary: `TMF event delivery · CRM`,
  staticDetails: `Sends the events stored for hub subscription ${subscriptionId} to its listener, in order, until it unsubscribes (CRM's Manage Contact)`,
});

/** A listener down for hours still gets its events: the call is retried until it answers. */
const { manageContact } = proxyActivities<CrmActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** How long an idle delivery waits before it looks for events on its own (a signal may be lost). */
const IDLE_CHECK = '1 minute';
/** Rounds before the history is handed to a fresh run. */
const ROUNDS_PER_RUN = 200;

export async function eventDelivery(input: EventDeliveryInput): Promise<void> {
  validInput(EventDeliveryInputContract, input);
  let pending = true;
  setHandler(eventsPendingSignal, () => {
    pending = true;
  });
  for (let round = 0; round < ROUNDS_PER_RUN && !workflowInfo().continueAsNewSuggested; round++) {
    if (!pending) await condition(() => pending, IDLE_CHECK);
    pending = false;
    const sent = await manageContact({ action: 'notify', subscriptionId: input.subscriptionId });
    // Unsubscribed (DELETE /hub/{id}) or dropped (410): nothing more to deliver, ever.
    if (sent.subscription === 'ended') return;
    if (sent.more) pending = true;
  }
  // The cursor is in the store: the next run starts where this one stopped.
  await continueAsNew<typeof eventDelivery>(input);
}
