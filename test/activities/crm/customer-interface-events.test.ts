import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCustomerInterfaceManagementActivities } from '../../../activities/crm/customer-interface-management';
import { PRODUCT_ORDERING_API, productOrderEvent } from '../../../src/events/product-order-events';
import { listener } from '../../api/listener';
import { storedFibreOrder } from '../../support/fulfilment';
import { useTestStore } from '../../support/store';

const test = useTestStore('2026-03-02T09:00:00Z');
let cim: ReturnType<typeof createCustomerInterfaceManagementActivities>;
let status = 200;
type Envelope = { eventId: string; eventType: string; event: { productOrder: { state: string } } };
let heardBy: Awaited<ReturnType<typeof listener<Envelope>>>;
let received: Envelope[];
let callback: string;

beforeEach(async () => {
  cim = createCustomerInterfaceManagementActivities(test.store.ports);
  status = 200;
  heardBy = await listener<Envelope>(() => status);
  ({ received, url: callback } = heardBy);
});
afterEach(() => heardBy.close());

/** An order received then started: two events stored with the changes, in order. */
async function orderWithTwoEvents(id: string) {
  const { productOrders } = test.store.ports;
  const at = '2026-03-02T09:00:00.000Z';
  await productOrders.create(`${id}/create`, storedFibreOrder(id), at, productOrderEvent('ProductOrderCreateEvent'));
  // A retried change (same key) stores no second event.
  for (let i = 0; i < 2; i++)
    await productOrders.transition(
      `${id}/start`,
      id,
      'inProgress',
      null,
      at,
      productOrderEvent('ProductOrderStateChangeEvent'),
    );
}

describe('1.FAB.1.2.1 manageContact', () => {
  it('notify: sends a subscription its events once, in order, from where its listener left off', async () => {
    const { eventSubscriptions } = test.store.ports;
    await orderWithTwoEvents('ORD-BEFORE');
    const s = await eventSubscriptions.subscribe({ api: PRODUCT_ORDERING_API, callback, query: null }, 'now');
    await orderWithTwoEvents('ORD-EV1');
    expect(test.count('SELECT COUNT(*) FROM event_outbox WHERE entity_id = ?', 'ORD-EV1')).toBe(2);
    expect(
      test
        .rows('SELECT entity_seq FROM event_outbox WHERE entity_id = ? ORDER BY seq', 'ORD-EV1')
        .map((r) => r['entity_seq']),
    ).toEqual([1, 2]);

    // The listener is down: the call fails, to be retried, and nothing is acknowledged.
    status = 503;
    await expect(cim.manageContact({ action: 'notify', subscriptionId: s.id })).rejects.toMatchObject({
      type: 'SystemUnavailable',
      nonRetryable: false,
    });
    status = 200;
    const sent = await cim.manageContact({ action: 'notify', subscriptionId: s.id });
    expect(sent).toEqual({ subscription: 'active', delivered: 2, more: false });
    // Only what happened after it subscribed, in order.
    expect(received.map((e) => `${e.eventType}:${e.event.productOrder.state}`)).toEqual([
      'ProductOrderCreateEvent:acknowledged',
      'ProductOrderStateChangeEvent:inProgress',
    ]);
    expect(await cim.manageContact({ action: 'notify', subscriptionId: s.id })).toMatchObject({ delivered: 0 });
    expect(received).toHaveLength(2);
  });

  it('notify: passes only what the query asks for, and drops a listener that answers 410', async () => {
    const { eventSubscriptions } = test.store.ports;
    const filtered = await eventSubscriptions.subscribe(
      { api: PRODUCT_ORDERING_API, callback, query: 'eventType=ProductOrderStateChangeEvent' },
      'now',
    );
    await orderWithTwoEvents('ORD-EV2');
    expect(await cim.manageContact({ action: 'notify', subscriptionId: filtered.id })).toMatchObject({ delivered: 1 });
    expect(received.map((e) => e.eventType)).toEqual(['ProductOrderStateChangeEvent']);

    const gone = await eventSubscriptions.subscribe({ api: PRODUCT_ORDERING_API, callback, query: null }, 'now');
    await orderWithTwoEvents('ORD-EV3');
    status = 410;
    expect(await cim.manageContact({ action: 'notify', subscriptionId: gone.id })).toMatchObject({
      subscription: 'ended',
    });
    expect(await eventSubscriptions.get(gone.id)).toBeUndefined();
    expect(await cim.manageContact({ action: 'notify', subscriptionId: gone.id })).toEqual({
      subscription: 'ended',
      delivered: 0,
      more: false,
    });
  });
});
