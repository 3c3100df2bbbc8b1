import { Context } from '@temporalio/activity';
import { eventDelivery, eventDeliveryStart } from '../../workflows/crm/event-delivery';
import { taskQueueFor } from '../layers';
import type { EventSubscriptionPort } from '../ports/event-subscriptions';

/**
 * Wakes the delivery of every listener of `api` after a process stored events for it (each
 * started if it does not run yet). Best effort, and never the process's failure: the events are
 * stored already, and each delivery's timer finds them even if this signal is lost. Outside a
 * Temporal activity (a unit test, a script) there is nothing to wake.
 */
export async function wakeEventDelivery(subscriptions: EventSubscriptionPort, api: string): Promise<void> {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return;
  }
  // Deliveries run on CRM's queue, whichever layer published: `<prefix>-<layer>` → `<prefix>-crm`.
  const own = ctx.info.taskQueue;
  const crmQueue = taskQueueFor('crm', own.slice(0, Math.max(own.lastIndexOf('-'), 0)) || undefined);
  for (const s of await subscriptions.active(api)) {
    try {
      await ctx.client.workflow.signalWithStart(eventDelivery, eventDeliveryStart(s.id, crmQueue));
    } catch (err) {
      ctx.log.warn('event delivery not woken; its timer will find the events', {
        subscriptionId: s.id,
        error: String(err),
      });
    }
  }
}

/**
 * Runs a process's changes, then wakes the delivery of the events they stored for `api`: on
 * every way out, a refusal too, since the changes made before it stand with their events.
 */
export async function wakingDelivery<T>(
  subscriptions: EventSubscriptionPort,
  api: string,
  changes: () => Promise<T>,
): Promise<T> {
  try {
    return await changes();
  } finally {
    await wakeEventDelivery(subscriptions, api);
  }
}
