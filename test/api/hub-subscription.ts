import { expect } from 'vitest';
import { eventDeliveryId } from '../../workflows/crm/event-delivery';
import { listener } from './listener';
import { type ApiTestRuntime, TOKENS } from './support';

/**
 * Subscribes `callback` to one API's events through its hub (`base`, e.g. `/tmf-api/usageManagement/v4`),
 * optionally filtered by `query`; answers the subscription's id, once the hub created it where it says.
 */
export async function subscribe(rt: ApiTestRuntime, base: string, spec: string, callback: string, query?: string) {
  const r = await rt.call<{ id: string; callback: string }>('POST', `${base}/hub`, {
    body: { callback, ...(query ? { query } : {}) },
    expect: 'EventSubscription',
    spec,
  });
  expect(r.status).toBe(201);
  expect(r.headers.get('location')).toBe(`${base}/hub/${r.body.id}`);
  return r.body.id;
}

/** Ends a subscription through its hub (DELETE): the hub's answer. */
export const unsubscribe = (rt: ApiTestRuntime, base: string, id: string) =>
  fetch(`${rt.base}${base}/hub/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKENS.full}` } });

/**
 * A listener subscribed to one API's events through its hub: what it received, in order, and
 * `end`, which unsubscribes it and waits for its delivery to stop.
 */
export async function subscribedListener<E = unknown>(rt: ApiTestRuntime, base: string, spec: string) {
  const heardBy = await listener<E>();
  const id = await subscribe(rt, base, spec, heardBy.url);
  const end = async () => {
    // Subscription ids restart with each test's store: a delivery left running would take the next test's.
    expect((await unsubscribe(rt, base, id)).status).toBe(204);
    await rt.client.workflow
      .getHandle(eventDeliveryId(id))
      .result()
      .catch(() => undefined);
    await heardBy.close();
  };
  return { received: heardBy.received, end };
}
