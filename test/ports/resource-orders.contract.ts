import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import { RESOURCE_ORDERING_API, resourceOrderEvent } from '../../src/events/resource-order-events';
import type { ResourceOrderPort, ResourceOrderRecord } from '../../src/ports/resource-orders';
import { expectValid } from '../api/support';
import { rejection } from './harness';
import type { OutboxReads } from './outbox';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The resource orders' contract (TMF652, RM&O Resource Provisioning 1.F.3.2), for every adapter
 * (docs/ADAPTERS.md): an order recorded once per id, moved until it is closed, one event per
 * change stored with it (none for a retry, a move to where it is, or a refused move), its items
 * kept per resource, the list's reads, and workers moving one order at once.
 */

export const NOW = '2026-03-02T09:00:00.000Z';
const TMF652 = 'TMF652-ResourceOrdering-v4.0.0.swagger.json';

export type ResourceOrderHarness = StoreHarness<ResourceOrderPort, OutboxReads>;

const created = resourceOrderEvent('ResourceOrderCreateEvent');
const moved = resourceOrderEvent('ResourceOrderStateChangeEvent');

const FIXTURES: readonly Fixture[] = [
  ['resource_specs', { id: 'RS-PORT', name: 'port', resource_type: 'port' }],
  ...['PORT-1', 'PORT-2'].map((id): Fixture => [
    'resources',
    { id, spec_id: 'RS-PORT', resource_type: 'port', name: id, region: 'PAR', updated_at: NOW },
  ]),
];

const order = (id: string, over: Partial<ResourceOrderRecord> = {}): Omit<ResourceOrderRecord, 'state' | 'reason'> => ({
  id,
  serviceOrderId: 'SO-1',
  serviceId: 'SVC-1',
  customerId: 'CUST-1',
  region: 'PAR',
  action: 'add',
  needs: [{ resourceSpecId: 'RS-PORT', quantity: 1 }],
  holdUntil: '2026-03-09T09:00:00.000Z',
  ...over,
});

/** The events stored, each valid against TMF652, as `eventType:state`. */
async function events(h: ResourceOrderHarness): Promise<string[]> {
  return (await h.events(RESOURCE_ORDERING_API)).map((e) => {
    expectValid(e.eventType, e, TMF652);
    return `${e.eventType}:${(e.event as { resourceOrder: { state: string } }).resourceOrder.state}`;
  });
}

export function resourceOrdersContract(adapter: string, make: () => Promise<ResourceOrderHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`resource orders port (TMF652) on ${adapter}`, () => {
    it(
      'recorded acknowledged once per id, moved until closed, one event per change and none for a retry or no move',
      withStore(async (h) => {
        const a = await h.port.record('k/ro', order('RO-1'), created);
        expect(a).toEqual({ ...order('RO-1'), state: 'acknowledged', reason: null });
        expect(await h.port.record('k/ro', order('RO-1'), created)).toEqual(a);
        // The same order sent again under another key (a retried child start): the first stands.
        expect(await h.port.record('k/ro-again', order('RO-1', { region: 'LYO' }), created)).toEqual(a);
        expect(await h.count('resource_orders')).toBe(1);

        await h.port.setState('k/pending', 'RO-1', 'pending', null, moved);
        await h.port.setState('k/pending', 'RO-1', 'pending', null, moved);
        await h.port.setState('k/pending-2', 'RO-1', 'pending', null, moved);
        const done = await h.port.setState('k/done', 'RO-1', 'completed', 'configured', moved);
        expect(done).toMatchObject({ state: 'completed', reason: 'configured' });
        const err = await rejection(h.port.setState('k/again', 'RO-1', 'inProgress', null, moved));
        expect(err).toMatchObject({
          type: BusinessErrorType.InvalidStateTransition,
          message: expect.stringMatching(/RO-1/),
        });
        expect((await h.port.get('RO-1'))?.state).toBe('completed');
        expect(await events(h)).toEqual([
          'ResourceOrderCreateEvent:acknowledged',
          'ResourceOrderStateChangeEvent:pending',
          'ResourceOrderStateChangeEvent:completed',
        ]);
        expect((await rejection(h.port.setState('k/none', 'RO-NONE', 'pending', null, moved))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect(await h.port.get('RO-NONE')).toBeUndefined();
      }),
    );

    it(
      'items kept per resource: a later state replaces the earlier, a configuration stays unless a new one is given',
      withStore(async (h) => {
        await h.port.record('k/ro', order('RO-1'));
        const reserved = [
          { resourceId: 'PORT-2', resourceSpecId: 'RS-PORT', state: 'reserved' as const, configuration: null },
          { resourceId: 'PORT-1', resourceSpecId: 'RS-PORT', state: 'reserved' as const, configuration: null },
        ];
        expect(await h.port.recordItems('k/items', 'RO-1', reserved)).toEqual([reserved[1], reserved[0]]);
        const config = { vlan: 101, profile: 'FTTH-1G' };
        await h.port.recordItems('k/done', 'RO-1', [{ ...reserved[1]!, state: 'completed', configuration: config }]);
        await h.port.recordItems('k/released', 'RO-1', [{ ...reserved[1]!, state: 'released', configuration: null }]);
        expect(await h.port.items('RO-1')).toEqual([
          { resourceId: 'PORT-1', resourceSpecId: 'RS-PORT', state: 'released', configuration: config },
          reserved[0],
        ]);
        expect(await h.count('resource_order_items')).toBe(2);
        expect((await rejection(h.port.recordItems('k/x', 'RO-NONE', reserved))).type).toBe(BusinessErrorType.NotFound);
      }),
    );

    it(
      "listed newest first, every criterion holding, one page and the total; a service's orders oldest first",
      withStore(async (h) => {
        await h.port.record('k/1', order('RO-1'));
        await h.port.record('k/2', order('RO-2', { customerId: 'CUST-2', serviceOrderId: 'SO-2', serviceId: 'SVC-2' }));
        await h.port.record('k/3', order('RO-3', { action: 'delete', holdUntil: null }));
        await h.port.setState('k/3/done', 'RO-3', 'completed', null);
        const page = await h.port.search({ offset: 0, limit: 2 });
        expect([page.total, page.orders.map((o) => o.id)]).toEqual([3, ['RO-3', 'RO-2']]);
        expect(page.orders[0]).toMatchObject({
          state: 'completed',
          action: 'delete',
          holdUntil: null,
          createdAt: NOW,
          updatedAt: NOW,
        });
        const of1 = await h.port.search({ serviceOrderIds: ['SO-1'], states: ['acknowledged'], offset: 0, limit: 10 });
        expect([of1.total, of1.orders.map((o) => o.id)]).toEqual([1, ['RO-1']]);
        const since = await h.port.search({
          customerIds: ['CUST-2'],
          dates: [{ field: 'createdAt', op: 'gte', value: NOW }],
          offset: 0,
          limit: 10,
        });
        expect(since.orders.map((o) => o.id)).toEqual(['RO-2']);
        expect((await h.port.ofService('SVC-1')).map((o) => [o.id, o.state])).toEqual([
          ['RO-1', 'acknowledged'],
          ['RO-3', 'completed'],
        ]);
      }),
    );

    it(
      'concurrent workers: one order recorded and closed by several at once has one row, one close and one event each',
      withStore(async (h) => {
        await Promise.all([1, 2, 3, 4].map((w) => h.port.record(`k/record/${w}`, order('RO-1'), created)));
        const closes = await Promise.allSettled(
          (['completed', 'failed', 'completed', 'cancelled'] as const).map((state, w) =>
            h.port.setState(`k/close/${w}`, 'RO-1', state, `w${w}`, moved),
          ),
        );
        // The first closes it; the others find it closed: the same state changes nothing, another is refused.
        const closed = (await h.port.get('RO-1'))!.state;
        for (const c of closes)
          if (c.status === 'rejected')
            expect(c.reason).toMatchObject({ type: BusinessErrorType.InvalidStateTransition });
        expect(closes.filter((c) => c.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
        expect(await h.count('resource_orders')).toBe(1);
        expect(await events(h)).toEqual([
          'ResourceOrderCreateEvent:acknowledged',
          `ResourceOrderStateChangeEvent:${closed}`,
        ]);
      }),
    );
  });
}
