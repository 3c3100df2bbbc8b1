import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { EventSubscriptionPort, NewEvent, StoredEvent } from '../../src/ports/event-subscriptions';
import { withHarness } from './harness';

/**
 * The TMF630 hub's contract, for every adapter (docs/ADAPTERS.md): subscriptions to an API's
 * events, and delivery from the outbox in the order events were stored, each listener from
 * where it left off. The harness builds an empty store and appends events to its outbox as a
 * state change does (one transaction per call).
 */

export interface EventSubscriptionHarness {
  port: EventSubscriptionPort;
  append(events: NewEvent[], at: string): Promise<void>;
  close(): Promise<void>;
}

const AT = '2026-03-02T09:00:00.000Z';
const ORDERS = 'productOrderingManagement';
const TICKETS = 'troubleTicket';

const event = (api: string, entityId: string, n = 0): NewEvent => ({
  api,
  entityType: api === ORDERS ? 'productOrder' : 'troubleTicket',
  entityId,
  eventType: api === ORDERS ? 'ProductOrderStateChangeEvent' : 'TroubleTicketStatusChangeEvent',
  event: { [api === ORDERS ? 'productOrder' : 'troubleTicket']: { id: entityId, n } },
});
const listener = (api = ORDERS) => ({ api, callback: 'https://listener.example.net/hub', query: null });
const ids = (events: StoredEvent[]) => events.map((e) => `${e.entityId}#${e.entitySeq}`);

export function eventSubscriptionsContract(adapter: string, make: () => Promise<EventSubscriptionHarness>): void {
  const withStore = withHarness(make);

  describe(`event subscriptions port (TMF630) on ${adapter}`, () => {
    it(
      'subscribe, get, active and unsubscribe: an ended subscription is gone and receives nothing',
      withStore(async (h) => {
        const first = await h.port.subscribe(listener(), AT);
        expect(first).toEqual({ id: expect.stringMatching(/^SUB-/), ...listener(), createdAt: AT });
        const second = await h.port.subscribe({ ...listener(), query: 'eventType=ProductOrderStateChangeEvent' }, AT);
        const other = await h.port.subscribe(listener(TICKETS), AT);
        expect(await h.port.get(first.id)).toEqual(first);
        expect((await h.port.active(ORDERS)).map((s) => s.id).sort()).toEqual([first.id, second.id].sort());
        expect(await h.port.active(TICKETS)).toEqual([other]);

        expect(await h.port.unsubscribe(first.id, 'DELETE /hub', AT)).toBe(true);
        expect(await h.port.unsubscribe(first.id, 'DELETE /hub', AT)).toBe(false);
        expect(await h.port.unsubscribe('SUB-NONE', 'DELETE /hub', AT)).toBe(false);
        expect(await h.port.get(first.id)).toBeUndefined();
        expect(await h.port.active(ORDERS)).toEqual([second]);
        await h.append([event(ORDERS, 'ORD-1')], AT);
        expect(await h.port.pending(first.id, 10)).toEqual([]);
        expect(await h.port.delivered(first.id, 1)).toBe(false);
        expect(ids(await h.port.pending(second.id, 10))).toEqual(['ORD-1#1']);
      }),
    );

    it(
      'pending: what was stored after subscribing, of its API only, in order, a page at a time',
      withStore(async (h) => {
        await h.append([event(ORDERS, 'ORD-OLD')], AT);
        const s = await h.port.subscribe(listener(), AT);
        await h.append([event(ORDERS, 'ORD-1', 1), event(ORDERS, 'ORD-2', 1)], AT);
        await h.append([event(TICKETS, 'TT-1', 1)], AT);
        await h.append([event(ORDERS, 'ORD-1', 2)], AT);
        const page = await h.port.pending(s.id, 2);
        expect(ids(page)).toEqual(['ORD-1#1', 'ORD-2#1']);
        expect(page[0]!.envelope).toMatchObject({
          eventTime: AT,
          eventType: 'ProductOrderStateChangeEvent',
          event: { productOrder: { id: 'ORD-1', n: 1 } },
        });
        expect(page[0]!.envelope.eventId).not.toBe(page[1]!.envelope.eventId);
        expect(page[1]!.seq).toBeGreaterThan(page[0]!.seq);
        // Not acknowledged yet: the same page again.
        expect(await h.port.pending(s.id, 2)).toEqual(page);
        expect(await h.port.delivered(s.id, page[1]!.seq)).toBe(true);
        const rest = await h.port.pending(s.id, 10);
        expect(ids(rest)).toEqual(['ORD-1#2']);
        // A late acknowledgement of the first page does not move the cursor back.
        expect(await h.port.delivered(s.id, page[0]!.seq)).toBe(true);
        expect(await h.port.pending(s.id, 10)).toEqual(rest);
        await h.port.delivered(s.id, rest[0]!.seq);
        expect(await h.port.pending(s.id, 10)).toEqual([]);
      }),
    );

    it(
      'concurrent writers: a listener draining while four workers store events misses none and gets each once, in order',
      withStore(async (h) => {
        const s = await h.port.subscribe(listener(), AT);
        let writing = true;
        const writers = Promise.all(
          [1, 2, 3, 4].map(async (w) => {
            for (let batch = 0; batch < 3; batch++)
              await h.append(
                Array.from({ length: 5 }, (_, n) => event(ORDERS, `ORD-W${w}`, batch * 5 + n)),
                AT,
              );
          }),
        ).finally(() => (writing = false));
        const received: StoredEvent[] = [];
        const deadline = Date.now() + 120_000;
        for (;;) {
          const wasWriting = writing;
          const page = await h.port.pending(s.id, 7);
          received.push(...page);
          if (page.length) await h.port.delivered(s.id, page.at(-1)!.seq);
          else if (!wasWriting || Date.now() > deadline) break;
          else await sleep(5);
        }
        await writers;
        received.push(...(await h.port.pending(s.id, 100)));
        expect(received).toHaveLength(60);
        const seqs = received.map((e) => e.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(new Set(received.map((e) => e.envelope.eventId)).size).toBe(60);
        for (const w of [1, 2, 3, 4]) {
          const mine = received.filter((e) => e.entityId === `ORD-W${w}`);
          expect(mine.map((e) => e.entitySeq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
          expect(mine.map((e) => (e.envelope.event['productOrder'] as { n: number }).n)).toEqual(
            Array.from({ length: 15 }, (_, i) => i),
          );
        }
      }),
    );
  });
}
