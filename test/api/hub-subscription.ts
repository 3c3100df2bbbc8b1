import { expect } from 'vitest';
import { eventDeliveryId } from '../../workflows/crm/event-delivery';
import { listener } from './listener';
import { type ApiTestRuntime, TOKENS } from './support';

/**
 * A listener subscribed to one API's events through its hub (`base`, e.g. `/tmf-api/usageManagement/v4`):
 * what it received, in order, and `end`, which unsubscribes it and waits for its delivery to stop.
 */
export async function subscribedListener<E = unknown>(rt: ApiTestRuntime, base: string, spec: string) {
  const heardBy = await listener<E>();
  const r = await rt.call<{ id: string }>('POST', `${base}/hub`, {
    body: { callback: heardBy.url },
    expect: 'EventSubscription',
    spec,
  });
  expect(r.status).toBe(201);
  const end = async () => {
    // Subscription ids restart with each test's store: a delivery left running would take the next test's.
    const ended = await fetch(`${rt.base}${base}/hub/${r.body.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKENS.full}` },
    });
    expect(ended.status).toBe(204);
    await rt.client.workflow
      .getHandle(eventDeliveryId(r.body.id))
      .result()
      .catch(() => undefined);
    await heardBy.close();
  };
  return { received: heardBy.received, end };
}
