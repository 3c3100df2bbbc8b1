import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import { TROUBLE_TICKET_API, troubleTicketEvent } from '../../src/events/trouble-ticket-events';
import type { NewTroubleTicket, TroubleTicketPort } from '../../src/ports/trouble-tickets';
import { expectValid } from '../api/support';
import { rejection } from './harness';
import type { OutboxReads } from './outbox';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The trouble tickets' contract (TMF621, CRM Problem Handling 1.A.1.6), for every adapter
 * (docs/ADAPTERS.md): a ticket recorded once, moved along the state table with its history and
 * one event per change, updated, escalated once, its notes and links, the list's reads, and
 * workers changing one ticket at once. The harness's clock reads `NOW`.
 */

export const NOW = '2026-03-02T09:00:00.000Z';
const TMF621 = 'TMF621-TroubleTicket-v4.0.0.swagger.json';

export type TroubleTicketHarness = StoreHarness<TroubleTicketPort, OutboxReads>;

const created = troubleTicketEvent('TroubleTicketCreateEvent');
const moved = troubleTicketEvent('TroubleTicketStatusChangeEvent');
const changed = troubleTicketEvent('TroubleTicketAttributeValueChangeEvent');

const ticket = (id: string, over: Partial<NewTroubleTicket> = {}): NewTroubleTicket => ({
  id,
  origin: 'customer',
  customerId: 'CUST-1001',
  serviceId: 'SVC-1',
  productId: null,
  description: 'no sync',
  urgency: 'high',
  workflowId: id,
  ...over,
});

/** Tickets recorded before the port's own, for the list's reads: one a day from 2026-03-01. */
const listed = (id: string, day: number, state: string, urgency: string, customer: string): Fixture => [
  'trouble_tickets',
  {
    id,
    origin: 'customer',
    customer_id: customer,
    service_id: 'SVC-9',
    description: 'listed',
    urgency,
    state,
    created_at: `2026-02-${String(day).padStart(2, '0')}T08:00:00.000Z`,
    updated_at: `2026-02-${String(day).padStart(2, '0')}T08:00:00.000Z`,
  },
];
const FIXTURES: readonly Fixture[] = [
  listed('TT-L1', 1, 'closed', 'low', 'CUST-2001'),
  listed('TT-L2', 2, 'inProgress', 'high', 'CUST-2001'),
  listed('TT-L3', 3, 'held', 'medium', 'CUST-2002'),
  listed('TT-L4', 4, 'acknowledged', 'high', 'CUST-2002'),
];

/** The events stored, each valid against TMF621, as `eventType:status`. */
async function events(h: TroubleTicketHarness): Promise<string[]> {
  return (await h.events(TROUBLE_TICKET_API)).map((e) => {
    expectValid(e.eventType, e, TMF621);
    const shown = (e.event as { troubleTicket: { status: string } }).troubleTicket;
    return `${e.eventType}:${shown.status}`;
  });
}

export function troubleTicketsContract(adapter: string, make: () => Promise<TroubleTicketHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`trouble tickets port (TMF621) on ${adapter}`, () => {
    it(
      'record: acknowledged with its first history row and create event, once per key and once per ticket id',
      withStore(async (h) => {
        const t = await h.port.record('k/record', ticket('TT-1'), created);
        expect(t).toMatchObject({
          id: 'TT-1',
          state: 'acknowledged',
          customerId: 'CUST-1001',
          serviceId: 'SVC-1',
          urgency: 'high',
          reopened: 0,
          slaMet: null,
          escalatedAt: null,
          createdAt: NOW,
          updatedAt: NOW,
          resolvedAt: null,
          closedAt: null,
        });
        expect(await h.port.record('k/record', ticket('TT-1'), created)).toEqual(t);
        // The same ticket under another key (a second report) is the first one, unchanged.
        expect(await h.port.record('k/again', ticket('TT-1', { description: 'other' }), created)).toEqual(t);
        expect(await h.port.history('TT-1')).toEqual([{ from: null, to: 'acknowledged', reason: 'no sync', at: NOW }]);
        expect(await events(h)).toEqual(['TroubleTicketCreateEvent:acknowledged']);
        expect(await h.port.get('TT-1')).toEqual(t);
        expect(await h.port.get('TT-NONE')).toBeUndefined();
        expect(await h.count('trouble_tickets')).toBe(FIXTURES.length + 1);
      }),
    );

    it(
      'transition: the state table with its history and one event per move; none for a retry or no move; a reopening counted',
      withStore(async (h) => {
        await h.port.record('k/record', ticket('TT-1'), created);
        await h.port.transition('k/work', 'TT-1', 'inProgress', 'diagnosing', moved);
        await h.port.transition('k/work', 'TT-1', 'inProgress', 'diagnosing', moved);
        await h.port.transition('k/still', 'TT-1', 'inProgress', 'still', moved);
        expect(await h.port.transition('k/fixed', 'TT-1', 'resolved', 'fixed', moved)).toMatchObject({
          state: 'resolved',
          resolvedAt: NOW,
        });
        const reopened = await h.port.transition('k/reopen', 'TT-1', 'inProgress', 'down again', moved);
        expect(reopened).toMatchObject({ state: 'inProgress', reopened: 1, resolvedAt: null });
        await h.port.transition('k/fixed2', 'TT-1', 'resolved', 'fixed', moved);
        expect(await h.port.transition('k/close', 'TT-1', 'closed', 'agreed', moved)).toMatchObject({
          state: 'closed',
          reopened: 1,
          resolvedAt: NOW,
          closedAt: NOW,
        });
        expect((await h.port.history('TT-1')).map((m) => `${m.from}>${m.to}`)).toEqual([
          'null>acknowledged',
          'acknowledged>inProgress',
          'inProgress>resolved',
          'resolved>inProgress',
          'inProgress>resolved',
          'resolved>closed',
        ]);
        expect(await events(h)).toEqual([
          'TroubleTicketCreateEvent:acknowledged',
          'TroubleTicketStatusChangeEvent:inProgress',
          'TroubleTicketStatusChangeEvent:resolved',
          'TroubleTicketStatusChangeEvent:inProgress',
          'TroubleTicketStatusChangeEvent:resolved',
          'TroubleTicketStatusChangeEvent:closed',
        ]);
      }),
    );

    it(
      'a move the table forbids is InvalidStateTransition: nothing changes, no event, and the key stays free',
      withStore(async (h) => {
        await h.port.record('k/record', ticket('TT-1'), created);
        const err = await rejection(h.port.transition('k/move', 'TT-1', 'closed', 'too soon', moved));
        expect(err.type).toBe(BusinessErrorType.InvalidStateTransition);
        expect(err.details).toEqual({ from: 'acknowledged', to: 'closed' });
        expect((await h.port.get('TT-1'))!.state).toBe('acknowledged');
        expect(await h.port.history('TT-1')).toHaveLength(1);
        expect(await h.count('trouble_ticket_history')).toBe(1);
        expect(await events(h)).toEqual(['TroubleTicketCreateEvent:acknowledged']);
        // The refused call did not spend its key: the same key now cancels.
        expect(await h.port.transition('k/move', 'TT-1', 'cancelled', 'withdrawn', moved)).toMatchObject({
          state: 'cancelled',
          closedAt: NOW,
        });
        expect((await rejection(h.port.transition('k/x', 'TT-NONE', 'inProgress', null))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect((await rejection(h.port.addNote('k/n', 'TT-NONE', 'a', 'b'))).type).toBe(BusinessErrorType.NotFound);
        expect((await rejection(h.port.update('k/u', 'TT-NONE', { resolution: 'x' }))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect(await h.count('trouble_ticket_notes')).toBe(0);
      }),
    );

    it(
      'update: the fields given, the SLA verdict as a boolean, once per key',
      withStore(async (h) => {
        await h.port.record('k/record', ticket('TT-1'), created);
        await h.port.record('k/record2', ticket('TT-2', { serviceId: null }), created);
        const t = await h.port.update('k/u1', 'TT-1', {
          serviceProblemId: 'SP-1',
          estimatedRestoration: '2026-03-02T13:00:00.000Z',
          resolution: 'card replaced',
          slaMet: true,
        });
        expect(t).toMatchObject({
          serviceId: 'SVC-1',
          serviceProblemId: 'SP-1',
          estimatedRestoration: '2026-03-02T13:00:00.000Z',
          resolution: 'card replaced',
          slaMet: true,
        });
        // The key's second call changes nothing, even with another change.
        expect(await h.port.update('k/u1', 'TT-1', { resolution: 'other', slaMet: false })).toEqual(t);
        expect(
          await h.port.update('k/u2', 'TT-2', { serviceId: 'SVC-2', linkedTo: 'TT-1', slaMet: false }),
        ).toMatchObject({ serviceId: 'SVC-2', linkedTo: 'TT-1', slaMet: false });
      }),
    );

    it(
      'escalate once, at the higher urgency, with its note and event; notes and links in order, each once',
      withStore(async (h) => {
        await h.port.record('k/record', ticket('TT-1', { urgency: 'medium' }), created);
        const e = await h.port.escalate('k/esc', 'TT-1', 'critical', 'past target', changed);
        expect(e).toMatchObject({ urgency: 'critical', escalatedAt: NOW });
        expect(await h.port.escalate('k/esc2', 'TT-1', 'high', 'again', changed)).toEqual(e);
        expect(await h.port.addNote('k/note', 'TT-1', '1.A.1.6.2', 'told the customer', changed)).toEqual({
          ticketId: 'TT-1',
          author: '1.A.1.6.2',
          text: 'told the customer',
          at: NOW,
        });
        await h.port.addNote('k/note', 'TT-1', '1.A.1.6.2', 'told the customer', changed);
        expect(await h.port.notes('TT-1')).toEqual([
          { ticketId: 'TT-1', author: '1.A.1.6.3', text: 'escalated (critical): past target', at: NOW },
          { ticketId: 'TT-1', author: '1.A.1.6.2', text: 'told the customer', at: NOW },
        ]);
        await h.port.link('k/l1', 'TT-1', 'TT-L4', 'hasDuplicate');
        await h.port.link('k/l2', 'TT-1', 'TT-L2', 'hasDuplicate');
        await h.port.link('k/l3', 'TT-1', 'TT-L2', 'hasDuplicate');
        expect(await h.port.links('TT-1')).toEqual([
          { ticketId: 'TT-1', relatedId: 'TT-L2', relationship: 'hasDuplicate', at: NOW },
          { ticketId: 'TT-1', relatedId: 'TT-L4', relationship: 'hasDuplicate', at: NOW },
        ]);
        expect(await events(h)).toEqual([
          'TroubleTicketCreateEvent:acknowledged',
          'TroubleTicketAttributeValueChangeEvent:acknowledged',
          'TroubleTicketAttributeValueChangeEvent:acknowledged',
        ]);
        const last = (await h.events(TROUBLE_TICKET_API)).at(-1)!.event as { troubleTicket: { note: unknown[] } };
        expect(last.troubleTicket.note).toHaveLength(2);
      }),
    );

    it(
      'the list: every criterion holds, newest first, one page and the total; open tickets on a service, oldest first',
      withStore(async (h) => {
        await h.port.record('k/record', ticket('TT-1', { customerId: 'CUST-2001', serviceId: 'SVC-9' }), created);
        const ids = async (q: Parameters<TroubleTicketPort['search']>[0]) => {
          const page = await h.port.search(q);
          return { total: page.total, ids: page.orders.map((t) => t.id) };
        };
        expect(await ids({ offset: 0, limit: 10 })).toEqual({
          total: 5,
          ids: ['TT-1', 'TT-L4', 'TT-L3', 'TT-L2', 'TT-L1'],
        });
        expect(await ids({ offset: 1, limit: 2 })).toEqual({ total: 5, ids: ['TT-L4', 'TT-L3'] });
        expect(await ids({ customerIds: ['CUST-2001'], urgencies: ['high'], offset: 0, limit: 10 })).toEqual({
          total: 2,
          ids: ['TT-1', 'TT-L2'],
        });
        expect(await ids({ states: ['held', 'closed'], offset: 0, limit: 10 })).toEqual({
          total: 2,
          ids: ['TT-L3', 'TT-L1'],
        });
        expect(
          await ids({
            dates: [
              { field: 'createdAt', op: 'gte', value: '2026-02-02T08:00:00Z' },
              { field: 'createdAt', op: 'lt', value: '2026-02-04T08:00:00.000Z' },
            ],
            offset: 0,
            limit: 10,
          }),
        ).toEqual({ total: 2, ids: ['TT-L3', 'TT-L2'] });
        expect((await h.port.openOnService('SVC-9')).map((t) => t.id)).toEqual(['TT-L2', 'TT-L3', 'TT-L4', 'TT-1']);
        expect(await h.port.openOnService('SVC-NONE')).toEqual([]);
      }),
    );

    it(
      'concurrent workers: one ticket recorded and resolved by several at once has one row, one move and one event each',
      withStore(async (h) => {
        await Promise.all(
          [1, 2, 3, 4].map((w) => h.port.record(`k/record/${w}`, ticket('TT-1', { description: `w${w}` }), created)),
        );
        await h.port.transition('k/work', 'TT-1', 'inProgress', null, moved);
        const resolved = await Promise.all(
          [1, 2, 3, 4].map((w) => h.port.transition(`k/fixed/${w}`, 'TT-1', 'resolved', `w${w}`, moved)),
        );
        expect(resolved.map((t) => t.state)).toEqual(Array(4).fill('resolved'));
        expect(await h.count('trouble_tickets')).toBe(FIXTURES.length + 1);
        expect((await h.port.history('TT-1')).map((m) => m.to)).toEqual(['acknowledged', 'inProgress', 'resolved']);
        expect(await events(h)).toEqual([
          'TroubleTicketCreateEvent:acknowledged',
          'TroubleTicketStatusChangeEvent:inProgress',
          'TroubleTicketStatusChangeEvent:resolved',
        ]);
      }),
    );
  });
}
