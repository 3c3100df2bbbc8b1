import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import { SERVICE_ORDERING_API, serviceOrderEvent } from '../../src/events/service-order-events';
import { rejection } from './harness';
import {
  AT,
  FIXTURES,
  LATER,
  order,
  orderAndService,
  orderAndServiceFor,
  type ServiceInventoryHarness,
} from './service-inventory-fixtures';
import { identifierPoolsContract } from './service-inventory-identifiers.contract';
import { withFixtures } from './table-rows';

/**
 * The service inventory's contract (TMF638 services, TMF641 service orders, and the identifier
 * pools of 1.F.2.2.2), for every adapter (docs/ADAPTERS.md): both state machines enforced, every
 * write once per key, an order's event stored with its change, identifiers reserved all or
 * nothing from the lowest free, never twice — also when workers reserve at once.
 */

export { type IdentifierReads, NOW, type ServiceInventoryHarness } from './service-inventory-fixtures';

export function serviceInventoryContract(adapter: string, make: () => Promise<ServiceInventoryHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`service inventory port on ${adapter}: service orders (TMF641)`, () => {
    it(
      'recorded acknowledged once per id, moved by the state machine, each move in the history and its event with it',
      withStore(async (h) => {
        const created = serviceOrderEvent('ServiceOrderCreateEvent');
        const moved = serviceOrderEvent('ServiceOrderStateChangeEvent');
        const a = await h.port.recordServiceOrder('k1', order(), AT, created);
        expect(a).toEqual({
          ...order(),
          state: 'acknowledged',
          reason: null,
          serviceId: null,
          design: null,
          workPlan: null,
          createdAt: AT,
          updatedAt: AT,
          completedAt: null,
        });
        // The same order issued again under another key is the same order; nothing is published twice.
        expect(await h.port.recordServiceOrder('k2', order('SO-1', { region: 'LYO' }), LATER, created)).toEqual(a);
        expect(await h.count('service_orders')).toBe(1);

        await h.insert('resource_orders', {
          id: 'RO-1',
          service_order_id: 'SO-1',
          service_id: 'SVC-X',
          customer_id: 'CUST-1',
          region: 'PAR',
          action: 'add',
          state: 'acknowledged',
          needs: '[]',
          created_at: AT,
          updated_at: AT,
        });
        // A retried move (same key) and a move to the state it is in publish nothing more.
        await h.port.transitionServiceOrder('t1', 'SO-1', 'inProgress', null, AT, moved);
        await h.port.transitionServiceOrder('t1', 'SO-1', 'inProgress', null, AT, moved);
        await h.port.transitionServiceOrder('t1-again', 'SO-1', 'inProgress', null, AT, moved);
        const done = await h.port.transitionServiceOrder('t2', 'SO-1', 'completed', 'service active', LATER, moved);
        expect(done).toMatchObject({
          state: 'completed',
          reason: 'service active',
          completedAt: LATER,
          updatedAt: LATER,
        });
        const refused = await rejection(h.port.transitionServiceOrder('t3', 'SO-1', 'inProgress', null, LATER, moved));
        expect(refused.type).toBe(BusinessErrorType.InvalidStateTransition);
        expect((await h.port.getServiceOrder('SO-1'))?.state).toBe('completed');
        expect(await h.port.history('serviceOrder', 'SO-1')).toEqual([
          { from: null, to: 'acknowledged', reason: 'service order received', at: AT },
          { from: 'acknowledged', to: 'inProgress', reason: null, at: AT },
          { from: 'inProgress', to: 'completed', reason: 'service active', at: LATER },
        ]);

        const events = await h.events(SERVICE_ORDERING_API);
        expect(
          events.map((e) => `${e.eventType}:${String((e.event['serviceOrder'] as { state: string }).state)}`),
        ).toEqual([
          'ServiceOrderCreateEvent:acknowledged',
          'ServiceOrderStateChangeEvent:inProgress',
          'ServiceOrderStateChangeEvent:completed',
        ]);
        expect(JSON.stringify(events[1]!.event['serviceOrder'])).toContain('/resourceOrder/RO-1');
        expect(JSON.stringify(events[0]!.event['serviceOrder'])).not.toContain('/resourceOrder/');
        expect(await h.port.getServiceOrder('SO-NONE')).toBeUndefined();
      }),
    );

    it(
      'a cancellation that skips its assessment is refused; an unknown order is not found; nothing changes',
      withStore(async (h) => {
        await h.port.recordServiceOrder('o', order(), AT);
        await h.port.transitionServiceOrder('t1', 'SO-1', 'inProgress', null, AT);
        const err = await rejection(h.port.transitionServiceOrder('t2', 'SO-1', 'cancelled', null, AT));
        expect(err).toMatchObject({
          type: BusinessErrorType.InvalidStateTransition,
          message: expect.stringMatching(/SO-1/),
        });
        expect((await rejection(h.port.transitionServiceOrder('t3', 'SO-NONE', 'inProgress', null, AT))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect((await h.port.history('serviceOrder', 'SO-1')).map((m) => m.to)).toEqual(['acknowledged', 'inProgress']);
        // The refused key stays free: the same key may carry an allowed move.
        expect((await h.port.transitionServiceOrder('t2', 'SO-1', 'assessingCancellation', null, AT)).state).toBe(
          'assessingCancellation',
        );
      }),
    );

    it(
      'updated with its service, design and work plan once per key; amendments kept once per key, in order',
      withStore(async (h) => {
        await h.port.recordServiceOrder('o', order(), AT);
        const design = { revision: 2, ports: ['PORT-1'] };
        const u = await h.port.updateServiceOrder('u1', 'SO-1', { serviceId: 'SVC-9', design }, LATER);
        expect(u).toMatchObject({ serviceId: 'SVC-9', design, workPlan: null, updatedAt: LATER });
        const w = await h.port.updateServiceOrder('u2', 'SO-1', { workPlan: ['WO-1'] }, LATER);
        expect(w).toMatchObject({ serviceId: 'SVC-9', design, workPlan: ['WO-1'] });
        expect(await h.port.updateServiceOrder('u1', 'SO-1', { serviceId: 'SVC-0' }, LATER)).toMatchObject({
          serviceId: 'SVC-9',
        });
        expect((await rejection(h.port.updateServiceOrder('u3', 'SO-NONE', { design }, LATER))).type).toBe(
          BusinessErrorType.NotFound,
        );

        const refused = {
          serviceOrderId: 'SO-1',
          characteristics: { numberRegion: 'LYO' },
          outcome: 'refused' as const,
          reason: 'too late',
          at: AT,
        };
        const applied = {
          ...refused,
          characteristics: { lines: 2 },
          outcome: 'applied' as const,
          reason: null,
          at: LATER,
        };
        expect(await h.port.recordAmendment('a1', refused)).toEqual(refused);
        await h.port.recordAmendment('a1', refused);
        await h.port.recordAmendment('a2', applied);
        expect(await h.port.amendments('SO-1')).toEqual([refused, applied]);
        expect((await rejection(h.port.recordAmendment('a3', { ...refused, serviceOrderId: 'SO-NONE' }))).type).toBe(
          BusinessErrorType.NotFound,
        );
      }),
    );

    it(
      'listed newest first, every criterion holding, one page and the total',
      withStore(async (h) => {
        await h.port.recordServiceOrder('o1', order('SO-1'), '2026-03-01T00:00:00.000Z');
        await h.port.recordServiceOrder('o2', order('SO-2', { customerId: 'CUST-2', productOrderId: 'ORD-2' }), AT);
        await h.port.recordServiceOrder('o3', order('SO-3'), LATER);
        await h.port.transitionServiceOrder('t', 'SO-3', 'inProgress', null, LATER);
        const all = await h.port.searchServiceOrders({ offset: 0, limit: 2 });
        expect([all.total, all.orders.map((o) => o.id)]).toEqual([3, ['SO-3', 'SO-2']]);
        const page2 = await h.port.searchServiceOrders({ offset: 2, limit: 2 });
        expect(page2.orders.map((o) => o.id)).toEqual(['SO-1']);
        const mine = await h.port.searchServiceOrders({
          customerIds: ['CUST-1'],
          states: ['acknowledged'],
          offset: 0,
          limit: 10,
        });
        expect([mine.total, mine.orders.map((o) => o.id)]).toEqual([1, ['SO-1']]);
        const since = await h.port.searchServiceOrders({
          dates: [{ field: 'createdAt', op: 'gte', value: AT }],
          productOrderIds: ['ORD-1', 'ORD-2'],
          offset: 0,
          limit: 10,
        });
        expect(since.orders.map((o) => o.id)).toEqual(['SO-3', 'SO-2']);
      }),
    );
  });

  describe(`service inventory port on ${adapter}: services (TMF638)`, () => {
    it(
      'created designed with a readable id once per key, moved by its life cycle, updated, listed',
      withStore(async (h) => {
        const s = await orderAndService(h);
        expect(s).toEqual({
          id: 'SVC-000001',
          cfsSpecId: 'CFS-VOICE-LINE',
          customerId: 'CUST-1',
          region: 'PAR',
          state: 'designed',
          characteristics: { lines: 1 },
          serviceOrderId: 'SO-1',
          design: { revision: 1 },
          assurance: null,
          createdAt: AT,
          updatedAt: AT,
          activatedAt: null,
          terminatedAt: null,
        });
        expect(await orderAndService(h)).toEqual(s);
        expect(await h.count('services')).toBe(1);
        expect((await rejection(h.port.transitionService('x', s.id, 'active', null, AT))).type).toBe(
          BusinessErrorType.InvalidStateTransition,
        );
        for (const to of ['reserved', 'inactive', 'active'] as const)
          await h.port.transitionService(`t-${to}`, s.id, to, null, AT);
        const u = await h.port.updateService(
          'u',
          s.id,
          { assurance: { sla: 'GOLD' }, characteristics: { lines: 2 } },
          LATER,
        );
        expect(u).toMatchObject({
          assurance: { sla: 'GOLD' },
          characteristics: { lines: 2 },
          design: { revision: 1 },
          updatedAt: LATER,
        });
        const ended = await h.port.transitionService('t-end', s.id, 'terminated', 'ceased', LATER);
        expect(ended).toMatchObject({ state: 'terminated', activatedAt: AT, terminatedAt: LATER });
        expect((await rejection(h.port.transitionService('again', s.id, 'active', null, LATER))).type).toBe(
          BusinessErrorType.InvalidStateTransition,
        );
        expect((await h.port.history('service', s.id)).map((m) => [m.from, m.to, m.reason])).toEqual([
          [null, 'designed', 'designed for SO-1'],
          ['designed', 'reserved', null],
          ['reserved', 'inactive', null],
          ['inactive', 'active', null],
          ['active', 'terminated', 'ceased'],
        ]);
        expect((await rejection(orderAndServiceFor(h, 'SO-NONE'))).type).toBe(BusinessErrorType.NotFound);

        const t = await orderAndService(h, 'SO-2');
        const active = await h.port.searchServices({ states: ['terminated'], offset: 0, limit: 10 });
        expect(active.orders.map((x) => x.id)).toEqual([s.id]);
        const of2 = await h.port.searchServices({
          serviceOrderIds: ['SO-2'],
          cfsSpecIds: ['CFS-VOICE-LINE'],
          offset: 0,
          limit: 10,
        });
        expect([of2.total, of2.orders.map((x) => x.id)]).toEqual([1, [t.id]]);
        expect(await h.port.getService('SVC-NONE')).toBeUndefined();
      }),
    );

    it(
      'each end-to-end test kept once per key, with its measurements',
      withStore(async (h) => {
        const s = await orderAndService(h);
        const t = {
          serviceId: s.id,
          serviceOrderId: 'SO-1',
          passed: false,
          measurements: { latencyMs: 3.5 },
          detail: 'no dial tone',
          at: AT,
        };
        const a = await h.port.recordTest('t', t);
        expect(await h.port.recordTest('t', t)).toEqual(a);
        const b = await h.port.recordTest('t2', { ...t, passed: true, at: LATER });
        expect(await h.port.testsOf(s.id)).toEqual([
          { id: a.id, ...t },
          { id: b.id, ...t, passed: true, at: LATER },
        ]);
        expect((await rejection(h.port.recordTest('t3', { ...t, serviceId: 'SVC-NONE' }))).type).toBe(
          BusinessErrorType.NotFound,
        );
      }),
    );
  });

  identifierPoolsContract(adapter, withStore);
}
