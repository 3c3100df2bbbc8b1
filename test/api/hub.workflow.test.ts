import { describe, expect, it } from 'vitest';
import { eventDeliveryId } from '../../workflows/crm/event-delivery';
import { subscribe as subscribeTo, unsubscribe as unsubscribeFrom } from './hub-subscription';
import { listener as listenerOf } from './listener';
import { BASE, expectValid, TMF622_FILE, TOKENS, vpnOrder, withApi, type ApiTestRuntime } from './support';

type Envelope = {
  eventId: string;
  eventType: string;
  event: { productOrder: { id: string; state: string; productOrderItem: Array<{ state: string }> } };
};

/** A listener on loopback: it records what it is sent, and answers what the test says. */
const listener = (answer?: () => number) => listenerOf<Envelope>(answer);
/** Subscriptions to TMF622's hub. */
const subscribe = (rt: ApiTestRuntime, callback: string, query?: string) =>
  subscribeTo(rt, BASE, TMF622_FILE, callback, query);
const unsubscribe = (rt: ApiTestRuntime, id: string) => unsubscribeFrom(rt, BASE, id);

const deliveryStatus = async (rt: ApiTestRuntime, subscriptionId: string) =>
  (await rt.client.workflow.getHandle(eventDeliveryId(subscriptionId)).describe()).status.name;

/** What a listener heard of one order: the order's state at each event, by event type. */
const heard = (events: Envelope[], orderId: string) =>
  events.filter((e) => e.event.productOrder.id === orderId).map((e) => `${e.eventType}:${e.event.productOrder.state}`);

describe('TMF622 hub: events delivered durably to the listeners', () => {
  it('delivers each change of an order once, in order, also to a listener down for part of it; drops a 410; stops on DELETE', async () => {
    await withApi(async (rt) => {
      // Only http(s) listeners, and a callback is required.
      for (const callback of ['file:///etc/passwd', 'ftp://127.0.0.1/x', 'not a url']) {
        expect((await rt.call('POST', '/hub', { body: { callback } })).status, callback).toBe(400);
      }
      expect((await rt.call('POST', '/hub', { body: { query: 'eventType=X' } })).status).toBe(400);
      expect((await rt.call('POST', '/hub', { body: { callback: 'http://x' }, token: TOKENS.reader })).status).toBe(
        403,
      );

      let upAgain = false;
      const steady = await listener();
      const flaky = await listener(() => (upAgain ? 200 : 503));
      const gone = await listener(() => 410);
      const removed = await listener();
      const onlyStates = await listener();
      const ids = {
        steady: await subscribe(rt, steady.url),
        flaky: await subscribe(rt, flaky.url),
        gone: await subscribe(rt, gone.url),
        removed: await subscribe(rt, removed.url),
        onlyStates: await subscribe(rt, onlyStates.url, 'eventType=ProductOrderStateChangeEvent'),
      };
      expect((await unsubscribe(rt, ids.removed)).status).toBe(204);
      expect((await unsubscribe(rt, ids.removed)).status).toBe(404);
      // The same listener registering again (a partner's gateway, at each of its starts) is the one subscription.
      expect(await subscribe(rt, steady.url)).toBe(ids.steady);

      const orderId = rt.id('events');
      const placed = await rt.call('POST', '/productOrder', {
        body: vpnOrder(orderId, 'LEROY'),
        expect: 'ProductOrder',
      });
      expect(placed.status).toBe(201);

      // The steady listener hears the order's whole life, each change once, in the order it happened.
      const expected = ['ProductOrderCreateEvent:acknowledged', 'ProductOrderStateChangeEvent:inProgress'];
      await expect
        .poll(() => heard(steady.received, orderId).at(-1), { timeout: 90_000, interval: 500 })
        .toBe('ProductOrderStateChangeEvent:completed');
      const states = heard(steady.received, orderId).filter((e) => !e.startsWith('ProductOrderAttributeValueChange'));
      expect(states).toEqual([...expected, 'ProductOrderStateChangeEvent:completed']);
      const stored = rt.store.db
        .prepare(
          "SELECT event_id FROM event_outbox WHERE entity_id = ? AND api = 'productOrderingManagement' ORDER BY seq",
        )
        .pluck()
        .all(orderId);
      expect(steady.received.map((e) => e.eventId)).toEqual(stored);
      // Every body is the specification's event, definition by definition.
      for (const e of steady.received) expectValid(e.eventType, e);
      expect(new Set(steady.received.map((e) => e.eventType))).toContain('ProductOrderAttributeValueChangeEvent');

      // The flaky listener was refused everything so far: back now, it gets all of it, once, in order.
      expect(flaky.received).toEqual([]);
      expect(flaky.refused()).toBeGreaterThan(0);
      upAgain = true;
      await expect.poll(() => flaky.received.map((e) => e.eventId), { timeout: 90_000, interval: 500 }).toEqual(stored);

      // The filtered listener only hears state changes.
      await expect
        .poll(() => heard(onlyStates.received, orderId), { timeout: 60_000, interval: 500 })
        .toEqual(['ProductOrderStateChangeEvent:inProgress', 'ProductOrderStateChangeEvent:completed']);

      // A 410 dropped its subscription, and its delivery ended; the removed one heard nothing.
      await expect.poll(() => deliveryStatus(rt, ids.gone), { timeout: 30_000 }).toBe('COMPLETED');
      expect(gone.received).toEqual([]);
      expect(
        rt.store.db.prepare('SELECT end_reason FROM event_subscriptions WHERE id = ?').pluck().get(ids.gone),
      ).toMatch(/410/);
      expect(removed.received).toEqual([]);
      await expect.poll(() => deliveryStatus(rt, ids.removed), { timeout: 30_000 }).toBe('COMPLETED');
      expect((await unsubscribe(rt, ids.gone)).status).toBe(404);

      // DELETE stops delivery: nothing of a later order reaches the listener.
      expect((await unsubscribe(rt, ids.steady)).status).toBe(204);
      await expect.poll(() => deliveryStatus(rt, ids.steady), { timeout: 30_000 }).toBe('COMPLETED');
      const before = steady.received.length;
      const second = await rt.call<{ id: string }>('POST', '/productOrder', {
        body: vpnOrder(rt.id('after'), 'MOREAU'),
        expect: 'ProductOrder',
      });
      await expect
        .poll(() => heard(flaky.received, second.body.id).length, { timeout: 60_000, interval: 500 })
        .toBeGreaterThan(0);
      expect(steady.received).toHaveLength(before);

      for (const id of [ids.flaky, ids.onlyStates]) expect((await unsubscribe(rt, id)).status).toBe(204);
      for (const l of [steady, flaky, gone, removed, onlyStates]) await l.close();
    });
  }, 240_000);
});
