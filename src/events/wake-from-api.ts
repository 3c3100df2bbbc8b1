import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import { eventDelivery, eventDeliveryStart } from '../../workflows/crm/event-delivery';
import { taskQueueFor } from '../layers';
import type { EventSubscriptionPort } from '../ports/event-subscriptions';

/**
 * Wakes the delivery of every listener of `api` after a request of the API server (not a
 * process: there is no activity to wake from) stored events for it, each delivery started if it
 * does not run yet. Best effort: the events are stored, and each delivery's timer finds them
 * even if this signal is lost, so a failure here never fails the request.
 */
export async function wakeDeliveryFromApi(
  client: Client,
  subscriptions: EventSubscriptionPort,
  api: string,
  taskQueuePrefix: string | undefined,
  log: FastifyBaseLogger,
): Promise<void> {
  const crmQueue = taskQueueFor('crm', taskQueuePrefix);
  for (const s of await subscriptions.active(api)) {
    await client.workflow.signalWithStart(eventDelivery, eventDeliveryStart(s.id, crmQueue)).catch((err: unknown) => {
      log.warn({ err, subscriptionId: s.id }, 'event delivery not woken; its timer will find the events');
    });
  }
}
