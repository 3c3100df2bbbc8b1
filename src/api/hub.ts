import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { eventDelivery, eventDeliveryId, eventDeliveryStart } from '../../workflows/crm/event-delivery';
import { eventsPendingSignal } from '../../workflows/shared/event-messages';
import { taskQueueFor } from '../layers';
import type { Ports } from '../ports';
import { ApiError } from './errors';
import { resource, validBody } from './routes';
import type { TmfSpec } from './spec';

export interface HubOptions {
  client: Client;
  ports: Pick<Ports, 'eventSubscriptions' | 'clock'>;
  spec: TmfSpec;
  taskQueuePrefix?: string;
}

/** Listeners are reached over HTTP only: a callback is never a file, a socket or another scheme. */
function listenerUrl(callback: string): string {
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    throw ApiError.invalid('Invalid EventSubscriptionInput', [{ path: '/callback', message: 'must be a URL' }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw ApiError.invalid('Invalid EventSubscriptionInput', [
      { path: '/callback', message: 'must be an http(s) URL' },
    ]);
  return url.toString();
}

/**
 * The hub of one API (TMF630): `POST /hub` subscribes a listener to the API's events,
 * `DELETE /hub/{id}` ends the subscription. Each subscription's events are delivered by its own
 * `eventDelivery` workflow, so a slow or failing listener never slows the API nor the processes.
 */
export async function hub(app: FastifyInstance, opts: HubOptions): Promise<void> {
  const { client, ports, spec } = opts;
  const crmQueue = taskQueueFor('crm', opts.taskQueuePrefix);
  const href = (id: string) => `${spec.basePath}/hub/${encodeURIComponent(id)}`;

  resource(app, '/hub', {
    async POST(request, reply) {
      const body = validBody<{ callback: string; query?: string }>(spec, 'EventSubscriptionInput', request.body);
      const callback = listenerUrl(body.callback);
      const query = body.query || null;
      // The same listener registering again (a partner's gateway at each start) is the one
      // subscription: a second would send it every event twice.
      const same = (await ports.eventSubscriptions.active(spec.apiName)).find(
        (x) => x.callback === callback && x.query === query,
      );
      const s =
        same ??
        (await ports.eventSubscriptions.subscribe({ api: spec.apiName, callback, query }, ports.clock().toISOString()));
      // Started now, so it is there before the first event; the publishers start it too if this fails.
      await client.workflow.signalWithStart(eventDelivery, eventDeliveryStart(s.id, crmQueue)).catch((err: unknown) => {
        request.log.warn({ err, subscriptionId: s.id }, 'event delivery not started yet');
      });
      const created = { id: s.id, callback: s.callback, ...(s.query ? { query: s.query } : {}) };
      return reply.code(201).header('Location', href(s.id)).send(created);
    },
  });

  resource(app, '/hub/:id', {
    async DELETE(request, reply) {
      const { id } = request.params as { id: string };
      const s = await ports.eventSubscriptions.get(id);
      if (!s || s.api !== spec.apiName) throw ApiError.notFound(`no subscription ${id}`);
      await ports.eventSubscriptions.unsubscribe(id, 'unsubscribed (DELETE /hub)', ports.clock().toISOString());
      // Its delivery sees the subscription ended and stops; woken, it does not wait for its timer.
      await client.workflow
        .getHandle(eventDeliveryId(id))
        .signal(eventsPendingSignal)
        .catch(() => undefined);
      return reply.code(204).send();
    },
  });
}
