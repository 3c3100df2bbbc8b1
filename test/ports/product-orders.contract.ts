import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import { productOrderEvent } from '../../src/events/product-order-events';
import type { EventEnvelope } from '../../src/ports/event-subscriptions';
import type { NewProductOrder, ProductOrderPort } from '../../src/ports/product-orders';
import { expectValid } from '../api/support';
import { rejection, withHarness } from './harness';

/**
 * The product order port's contract (TMF622 orders, TMF637 products), for every adapter: the
 * SQLite store, the PostgreSQL one, and yours (docs/ADAPTERS.md). The harness builds an empty
 * store that knows the customers and offerings below, and reads back what it holds.
 */

export const CUSTOMERS = ['CUST-1', 'CUST-2'];
export const OFFERINGS = ['PO-FIBRE', 'PO-VOICE'];

/** What the store holds, counted beside the port. */
export type Held = 'orders' | 'items' | 'stateChanges' | 'jeopardies' | 'billingAccounts' | 'products' | 'events';

export interface ProductOrderHarness {
  port: ProductOrderPort;
  count(what: Held): Promise<number>;
  /** The events stored for one entity, in the order they were stored. */
  events(entityId: string): Promise<Array<{ entitySeq: number; envelope: EventEnvelope }>>;
  close(): Promise<void>;
}

const AT = '2026-03-02T09:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(AT) + minutes * 60_000).toISOString();

const order = (id: string, over: Partial<NewProductOrder> = {}): NewProductOrder => ({
  id,
  customerId: 'CUST-1',
  channel: 'web',
  contactId: null,
  requestId: null,
  requestedCompletionDate: '2026-03-20T00:00:00.000Z',
  quoteId: null,
  discountPct: 0,
  oneTimeMinor: 4_900,
  recurringMinor: 3_999_99,
  items: [
    { itemId: '1', action: 'add', productOfferingId: 'PO-FIBRE', region: 'PAR', characteristics: { speed: 1000 } },
    { itemId: '2', action: 'add', productOfferingId: 'PO-VOICE', region: 'PAR', characteristics: {} },
  ],
  ...over,
});

const created = productOrderEvent('ProductOrderCreateEvent');
const moved = productOrderEvent('ProductOrderStateChangeEvent');
const itemMoved = productOrderEvent('ProductOrderAttributeValueChangeEvent');
const dateMoved = productOrderEvent('ProductOrderAttributeValueChangeEvent', 'expectedCompletionDate');

export function productOrdersContract(adapter: string, make: () => Promise<ProductOrderHarness>): void {
  const withStore = withHarness(make);
  const everything = async (h: ProductOrderHarness) =>
    Object.fromEntries(
      await Promise.all(
        (['orders', 'items', 'stateChanges', 'jeopardies', 'billingAccounts', 'products', 'events'] as const).map(
          async (what) => [what, await h.count(what)] as const,
        ),
      ),
    );

  describe(`product orders port (TMF622) on ${adapter}`, () => {
    it(
      'create: an acknowledged order with its items in the given order, one state change, one valid event',
      withStore(async (h) => {
        const o = await h.port.create('k/create', order('ORD-1'), AT, created);
        expect(o).toMatchObject({
          id: 'ORD-1',
          customerId: 'CUST-1',
          state: 'acknowledged',
          requestedCompletionDate: '2026-03-20T00:00:00.000Z',
          oneTimeMinor: 4_900,
          recurringMinor: 3_999_99,
          createdAt: AT,
          updatedAt: AT,
          completedAt: null,
        });
        expect(o.items.map((i) => [i.itemId, i.productOfferingId, i.state, i.serviceOrderIds])).toEqual([
          ['1', 'PO-FIBRE', 'acknowledged', []],
          ['2', 'PO-VOICE', 'acknowledged', []],
        ]);
        expect(o.items[0]!.characteristics).toEqual({ speed: 1000 });
        expect(await h.port.get('ORD-1')).toEqual(o);
        expect(await h.port.get('ORD-NONE')).toBeUndefined();
        expect(await h.port.history('ORD-1')).toEqual([
          { itemId: null, from: null, to: 'acknowledged', reason: 'order received', at: AT },
        ]);
        const events = await h.events('ORD-1');
        expect(events.map((e) => [e.entitySeq, e.envelope.eventType])).toEqual([[1, 'ProductOrderCreateEvent']]);
        expectValid('ProductOrderCreateEvent', events[0]!.envelope);
      }),
    );

    it(
      'idempotency: the same key twice writes once; the same order id under another key keeps the first',
      withStore(async (h) => {
        const first = await h.port.create('k/create', order('ORD-1'), AT, created);
        expect(await h.port.create('k/create', order('ORD-1'), AT, created)).toEqual(first);
        const again = await h.port.create('k/resubmit', order('ORD-1', { channel: 'shop' }), later(5), created);
        expect(again).toEqual(first);
        expect(await everything(h)).toMatchObject({ orders: 1, items: 2, stateChanges: 1, events: 1 });
      }),
    );

    it(
      'transition: moves by the TMF622 machine, stamps completion, a retried or empty move writes nothing',
      withStore(async (h) => {
        await h.port.create('k/create', order('ORD-1'), AT, created);
        const started = await h.port.transition('k/start', 'ORD-1', 'inProgress', null, later(1), moved);
        expect(started).toMatchObject({ state: 'inProgress', updatedAt: later(1), completedAt: null });
        const done = await h.port.transition('k/done', 'ORD-1', 'completed', 'all items done', later(2), moved);
        expect(done).toMatchObject({ state: 'completed', stateReason: 'all items done', completedAt: later(2) });
        // A retry of the first move, after the order moved on, changes nothing.
        expect((await h.port.transition('k/start', 'ORD-1', 'inProgress', null, later(3), moved)).state).toBe(
          'completed',
        );
        // Moving to the state it is in changes nothing and publishes nothing.
        await h.port.transition('k/done-again', 'ORD-1', 'completed', null, later(4), moved);
        expect((await h.port.history('ORD-1')).map((c) => `${c.from}>${c.to}`)).toEqual([
          'null>acknowledged',
          'acknowledged>inProgress',
          'inProgress>completed',
        ]);
        const events = await h.events('ORD-1');
        expect(events.map((e) => e.entitySeq)).toEqual([1, 2, 3]);
        for (const e of events.slice(1)) expectValid('ProductOrderStateChangeEvent', e.envelope);
        expect(events.map((e) => (e.envelope.event['productOrder'] as { state: string }).state)).toEqual([
          'acknowledged',
          'inProgress',
          'completed',
        ]);
      }),
    );

    it(
      'all or nothing: a forbidden move is refused, leaves the store as it was and does not spend the key',
      withStore(async (h) => {
        await h.port.create('k/create', order('ORD-1'), AT, created);
        const before = await everything(h);
        const refused = await rejection(h.port.transition('k/move', 'ORD-1', 'completed', null, later(1), moved));
        expect(refused.type).toBe(BusinessErrorType.InvalidStateTransition);
        const item = await rejection(h.port.transitionItem('k/item', 'ORD-1', '1', 'completed', null, later(1)));
        expect(item.type).toBe(BusinessErrorType.InvalidStateTransition);
        expect((await rejection(h.port.transitionItem('k/item', 'ORD-1', '9', 'inProgress', null, AT))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect((await rejection(h.port.transition('k/x', 'ORD-NONE', 'inProgress', null, AT))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect((await rejection(h.port.update('ORD-NONE', { committedDate: '2026-04-01' }, AT))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect(await everything(h)).toEqual(before);
        expect((await h.port.get('ORD-1'))!.state).toBe('acknowledged');
        // The refused call's key is still free for a move that is allowed.
        expect((await h.port.transition('k/move', 'ORD-1', 'inProgress', null, later(2), moved)).state).toBe(
          'inProgress',
        );
      }),
    );

    it(
      'transitionItem: an item moves on its own, and the order records which item moved',
      withStore(async (h) => {
        await h.port.create('k/create', order('ORD-1'), AT, created);
        await h.port.transitionItem('k/i1', 'ORD-1', '1', 'inProgress', null, later(1), itemMoved);
        await h.port.transitionItem('k/i1', 'ORD-1', '1', 'inProgress', null, later(1), itemMoved);
        const o = await h.port.transitionItem('k/i2', 'ORD-1', '2', 'cancelled', 'not sold here', later(2), itemMoved);
        expect(o.items.map((i) => [i.itemId, i.state, i.stateReason])).toEqual([
          ['1', 'inProgress', null],
          ['2', 'cancelled', 'not sold here'],
        ]);
        expect(o).toMatchObject({ state: 'acknowledged', updatedAt: later(2) });
        expect((await h.port.history('ORD-1')).slice(1)).toEqual([
          { itemId: '1', from: 'acknowledged', to: 'inProgress', reason: null, at: later(1) },
          { itemId: '2', from: 'acknowledged', to: 'cancelled', reason: 'not sold here', at: later(2) },
        ]);
        const events = await h.events('ORD-1');
        expect(events).toHaveLength(3);
        expectValid('ProductOrderAttributeValueChangeEvent', events[2]!.envelope);
      }),
    );

    it(
      'update: dates, billing account, service orders and characteristics of an item; its event once',
      withStore(async (h) => {
        await h.port.create('k/create', order('ORD-1'), AT, created);
        const account = await h.port.ensureBillingAccount('k/ba', 'CUST-1', AT);
        const committedDate = '2026-03-18T00:00:00.000Z';
        const o = await h.port.update(
          'ORD-1',
          {
            committedDate,
            creditDecision: { approved: true },
            billingAccountId: account,
            itemServiceOrders: { itemId: '1', serviceOrderIds: ['SO-1', 'SO-2'] },
            itemCharacteristics: { itemId: '2', characteristics: { lines: 2 } },
          },
          later(1),
          dateMoved,
        );
        expect(o).toMatchObject({ committedDate, billingAccountId: account, updatedAt: later(1) });
        // Published with the change (a moved date is TMF622 news), the same date again is none.
        await h.port.update('ORD-1', { committedDate }, later(2), dateMoved);
        const [, news, ...none] = await h.events('ORD-1');
        expectValid('ProductOrderAttributeValueChangeEvent', news!.envelope);
        expect([news!.envelope, none]).toMatchObject([
          { fieldPath: 'expectedCompletionDate', event: { productOrder: { expectedCompletionDate: committedDate } } },
          [],
        ]);
        expect(o.items.map((i) => [i.serviceOrderIds, i.characteristics])).toEqual([
          [['SO-1', 'SO-2'], { speed: 1000 }],
          [[], { lines: 2 }],
        ]);
      }),
    );

    it(
      'jeopardies: recorded once per key, listed by order',
      withStore(async (h) => {
        await h.port.create('k/create', order('ORD-1'), AT, created);
        const j = {
          orderId: 'ORD-1',
          committedDate: '2026-03-18',
          detectedAt: later(1),
          openItems: ['1'],
          action: 'escalate',
        };
        const id = await h.port.recordJeopardy('k/j', j);
        expect(await h.port.recordJeopardy('k/j', j)).toBe(id);
        expect(await h.port.jeopardies('ORD-1')).toEqual([
          { id, committedDate: '2026-03-18', detectedAt: later(1), openItems: ['1'], action: 'escalate' },
        ]);
        expect(await h.port.jeopardies('ORD-NONE')).toEqual([]);
        expect(await h.count('jeopardies')).toBe(1);
      }),
    );

    it(
      'billing account: one per customer, whatever the key, also when workers open it at the same moment',
      withStore(async (h) => {
        const opened = await Promise.all(
          [1, 2, 3, 4, 5].map((n) => h.port.ensureBillingAccount(`k/ba-${n}`, 'CUST-1', AT)),
        );
        expect(new Set(opened).size).toBe(1);
        expect(await h.port.ensureBillingAccount('k/ba-1', 'CUST-1', AT)).toBe(opened[0]);
        expect(await h.port.ensureBillingAccount('k/ba-other', 'CUST-2', AT)).not.toBe(opened[0]);
        expect(await h.count('billingAccounts')).toBe(2);
      }),
    );

    it(
      'products: one per order item whatever the key, linked from the item, listed and searched',
      withStore(async (h) => {
        await h.port.create('k/create', order('ORD-1'), AT, created);
        const account = await h.port.ensureBillingAccount('k/ba', 'CUST-1', AT);
        const product = (itemId: string, startDate: string) => ({
          customerId: 'CUST-1',
          productOfferingId: itemId === '1' ? 'PO-FIBRE' : 'PO-VOICE',
          orderId: 'ORD-1',
          itemId,
          billingAccountId: account,
          recurringMinor: 3_999_99,
          oneTimeMinor: 4_900,
          serviceIds: ['SVC-1'],
          region: 'PAR',
          startDate,
        });
        const racing = await Promise.all([
          h.port.recordProduct('k/p1', product('1', later(10))),
          h.port.recordProduct('k/p1-other-worker', product('1', later(10))),
        ]);
        expect(racing[1]).toEqual(racing[0]);
        expect(racing[0]).toMatchObject({ status: 'active', recurringMinor: 3_999_99, serviceIds: ['SVC-1'] });
        const second = await h.port.recordProduct('k/p2', product('2', later(20)));
        expect(await h.port.recordProduct('k/p2', product('2', later(20)))).toEqual(second);
        expect(await h.count('products')).toBe(2);
        expect((await h.port.get('ORD-1'))!.items.map((i) => i.productId)).toEqual([racing[0]!.id, second.id]);
        expect((await h.port.productsOf('CUST-1')).map((p) => p.id)).toEqual([racing[0]!.id, second.id].sort());
        expect(await h.port.productsOf('CUST-2')).toEqual([]);
        const page = await h.port.searchProducts({ orderIds: ['ORD-1'], offset: 0, limit: 1 });
        expect({ total: page.total, ids: page.orders.map((p) => p.id) }).toEqual({ total: 2, ids: [second.id] });
        const started = await h.port.searchProducts({
          dates: [{ field: 'startDate', op: 'lt', value: later(15) }],
          offset: 0,
          limit: 10,
        });
        expect(started.orders.map((p) => p.itemId)).toEqual(['1']);
      }),
    );

    it(
      'product changes: a modify closes the charge period at the change date and opens the next, a cease closes it for good',
      withStore(async (h) => {
        await h.port.create('k/create', order('ORD-1'), AT, created);
        const account = await h.port.ensureBillingAccount('k/ba', 'CUST-1', AT);
        const p = await h.port.recordProduct('k/p1', {
          customerId: 'CUST-1',
          productOfferingId: 'PO-FIBRE',
          orderId: 'ORD-1',
          itemId: '1',
          billingAccountId: account,
          recurringMinor: 5_000,
          oneTimeMinor: 0,
          serviceIds: ['SVC-1'],
          region: 'PAR',
          startDate: AT,
          characteristics: { speed: 1000 },
        });
        expect(p.characteristics).toEqual({ speed: 1000 });
        expect(await h.port.chargePeriods(p.id)).toEqual([
          { productId: p.id, validFrom: AT, validTo: null, recurringMinor: 5_000, status: 'active', orderId: 'ORD-1' },
        ]);
        const change = { productId: p.id, at: later(60), orderId: 'ORD-2', characteristics: { speed: 2000 } };
        const modified = await h.port.recordProductChange('k/mod', { ...change, recurringMinor: 7_000 });
        expect(await h.port.recordProductChange('k/mod', { ...change, recurringMinor: 7_000 })).toEqual(modified);
        expect(modified).toMatchObject({ characteristics: { speed: 2000 }, recurringMinor: 7_000, status: 'active' });
        // Characteristics alone (same price, same status): the product changes, its periods do not.
        await h.port.recordProductChange('k/chars', { ...change, at: later(70), characteristics: { speed: 3000 } });
        await h.port.recordProductChange('k/cease', {
          productId: p.id,
          at: later(120),
          orderId: 'ORD-3',
          status: 'terminated',
        });
        const active = { productId: p.id, status: 'active' };
        expect(await h.port.chargePeriods(p.id)).toEqual([
          { ...active, validFrom: AT, validTo: later(60), recurringMinor: 5_000, orderId: 'ORD-1' },
          { ...active, validFrom: later(60), validTo: later(120), recurringMinor: 7_000, orderId: 'ORD-2' },
        ]);
        expect((await h.port.productsOf('CUST-1'))[0]).toMatchObject({
          status: 'terminated',
          characteristics: { speed: 3000 },
        });
        const revived = await rejection(
          h.port.recordProductChange('k/revive', { productId: p.id, at: later(130), orderId: null, status: 'active' }),
        );
        expect(revived.type).toBe(BusinessErrorType.InvalidStateTransition);
        const missing = await rejection(
          h.port.recordProductChange('k/none', {
            productId: 'PRD-NONE',
            at: later(130),
            orderId: null,
            status: 'active',
          }),
        );
        expect(missing.type).toBe(BusinessErrorType.NotFound);
      }),
    );

    it(
      'search: every criterion holds, dates as instants, newest first, one page and the total',
      withStore(async (h) => {
        for (const [n, customerId] of ['CUST-1', 'CUST-2', 'CUST-1', 'CUST-1'].entries())
          await h.port.create(`k/c${n}`, order(`ORD-${n}`, { customerId }), later(n), created);
        await h.port.transition('k/t', 'ORD-2', 'inProgress', null, later(9));
        const mine = await h.port.search({ customerIds: ['CUST-1'], offset: 0, limit: 2 });
        expect({ total: mine.total, ids: mine.orders.map((o) => o.id) }).toEqual({ total: 3, ids: ['ORD-3', 'ORD-2'] });
        expect(mine.orders[0]!.items).toHaveLength(2);
        const open = await h.port.search({ states: ['acknowledged'], customerIds: ['CUST-1'], offset: 0, limit: 10 });
        expect(open.orders.map((o) => o.id)).toEqual(['ORD-3', 'ORD-0']);
        const dated = await h.port.search({
          dates: [
            { field: 'createdAt', op: 'gte', value: '2026-03-02T09:01:00Z' },
            { field: 'requestedCompletionDate', op: 'lt', value: '2026-03-21T00:00:00Z' },
          ],
          offset: 1,
          limit: 10,
        });
        expect({ total: dated.total, ids: dated.orders.map((o) => o.id) }).toEqual({
          total: 3,
          ids: ['ORD-2', 'ORD-1'],
        });
        expect((await h.port.search({ ids: ['ORD-NONE'], offset: 0, limit: 10 })).total).toBe(0);
      }),
    );

    it(
      'concurrent writers: one order recorded and moved by several workers at once is written once',
      withStore(async (h) => {
        await Promise.all([1, 2, 3, 4].map((n) => h.port.create(`k/create-${n}`, order('ORD-1'), AT, created)));
        const moves = await Promise.all(
          [1, 2, 3, 4].map((n) => h.port.transition(`k/start-${n}`, 'ORD-1', 'inProgress', null, later(1), moved)),
        );
        expect(moves.map((o) => o.state)).toEqual(Array(4).fill('inProgress'));
        expect(await everything(h)).toMatchObject({ orders: 1, items: 2, stateChanges: 2, events: 2 });
        expect((await h.events('ORD-1')).map((e) => e.entitySeq)).toEqual([1, 2]);
      }),
    );
  });
}
