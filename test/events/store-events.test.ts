import { describe, expect, it } from 'vitest';
import { resourceOrderEvent, RESOURCE_ORDERING_API } from '../../src/events/resource-order-events';
import { serviceOrderEvent, SERVICE_ORDERING_API } from '../../src/events/service-order-events';
import { serviceProblemEvent, SERVICE_PROBLEM_API } from '../../src/events/service-problem-events';
import { troubleTicketEvent, TROUBLE_TICKET_API } from '../../src/events/trouble-ticket-events';
import { expectValid } from '../api/support';
import { useTestStore } from '../support/store';

const test = useTestStore('2026-03-02T09:00:00.000Z');

const TMF621 = 'TMF621-TroubleTicket-v4.0.0.swagger.json';
const TMF656 = 'TMF656-ServiceProblemManagement-v4.0.0.swagger.json';
const TMF641 = 'TMF641-ServiceOrdering-v4.0.0.swagger.json';
const TMF652 = 'TMF652-ResourceOrdering-v4.0.0.swagger.json';

interface Stored {
  api: string;
  entity_seq: number;
  event_type: string;
  envelope: string;
}

/** The events stored for one entity, oldest first; each checked against its spec's event definition. */
function eventsOf(entityId: string, spec: string) {
  const rows = test.rows(
    'SELECT api, entity_seq, event_type, envelope FROM event_outbox WHERE entity_id = ? ORDER BY seq',
    entityId,
  ) as unknown as Stored[];
  expect(rows.map((r) => r.entity_seq)).toEqual(rows.map((_, i) => i + 1));
  return rows.map((r) => {
    const envelope = JSON.parse(r.envelope) as { eventType: string; event: Record<string, Record<string, unknown>> };
    expect(envelope.eventType).toBe(r.event_type);
    expectValid(r.event_type, envelope, spec);
    return { api: r.api, envelope };
  });
}

describe('events stored with the changes of tickets, problems and orders', () => {
  it('TMF621: a ticket created, moved and noted stores one event per change, none for a retry or no move', async () => {
    const { troubleTickets } = test.store.ports;
    const ticket = {
      id: 'TT-EV-1',
      origin: 'customer' as const,
      customerId: 'CUST-1001',
      serviceId: null,
      productId: null,
      description: 'no sync',
      urgency: 'high' as const,
      workflowId: 'TT-EV-1',
    };
    const created = troubleTicketEvent('TroubleTicketCreateEvent');
    const moved = troubleTicketEvent('TroubleTicketStatusChangeEvent');
    for (let retry = 0; retry < 2; retry++) {
      await troubleTickets.record('k/record', ticket, created);
      await troubleTickets.transition('k/inProgress', ticket.id, 'inProgress', 'diagnosing', moved);
      await troubleTickets.addNote(
        'k/note',
        ticket.id,
        '1.A.1.6.2',
        'told the customer',
        troubleTicketEvent('TroubleTicketAttributeValueChangeEvent'),
      );
    }
    // Moving to the state it is in changes nothing, and publishes nothing.
    await troubleTickets.transition('k/again', ticket.id, 'inProgress', 'still', moved);
    await troubleTickets.transition('k/resolved', ticket.id, 'resolved', 'fixed', moved);

    const events = eventsOf(ticket.id, TMF621);
    expect(events.map((e) => e.api)).toEqual(Array(4).fill(TROUBLE_TICKET_API));
    expect(
      events.map((e) => `${e.envelope.eventType}:${String(e.envelope.event['troubleTicket']!['status'])}`),
    ).toEqual([
      'TroubleTicketCreateEvent:acknowledged',
      'TroubleTicketStatusChangeEvent:inProgress',
      'TroubleTicketAttributeValueChangeEvent:inProgress',
      'TroubleTicketStatusChangeEvent:resolved',
    ]);
    const last = events.at(-1)!.envelope.event['troubleTicket']!;
    expect(last).toMatchObject({ id: ticket.id, href: `/tmf-api/troubleTicket/v4/troubleTicket/${ticket.id}` });
    expect(last['note']).toHaveLength(1);
  });

  it('TMF656: a problem created and moved stores its events, its hrefs absolute as the spec declares them', async () => {
    const { serviceProblems } = test.store.ports;
    const problem = {
      id: 'SP-EV-1',
      origin: 'customer' as const,
      serviceId: 'SVC-EV-1',
      customerId: 'CUST-1001',
      description: 'no sync',
      urgency: 'high' as const,
      troubleTicketId: 'TT-EV-2',
      resourceTroubleId: null,
      workflowId: 'SP-EV-1',
    };
    const moved = serviceProblemEvent('ServiceProblemStateChangeEvent');
    for (let retry = 0; retry < 2; retry++) {
      await serviceProblems.record('k/sp', problem, serviceProblemEvent('ServiceProblemCreateEvent'));
      await serviceProblems.transition('k/sp/inProgress', problem.id, 'inProgress', '1.A.2.3.1', 'qualified', moved);
    }
    const events = eventsOf(problem.id, TMF656);
    expect(
      events.map((e) => `${e.api} ${e.envelope.eventType}:${String(e.envelope.event['serviceProblem']!['status'])}`),
    ).toEqual([
      `${SERVICE_PROBLEM_API} ServiceProblemCreateEvent:acknowledged`,
      `${SERVICE_PROBLEM_API} ServiceProblemStateChangeEvent:inProgress`,
    ]);
    const shown = events[1]!.envelope.event['serviceProblem']!;
    expect(String(shown['href'])).toMatch(
      /^http:\/\/.+\/tmf-api\/serviceProblemManagement\/v4\/serviceProblem\/SP-EV-1$/,
    );
    expect(shown['troubleTicket']).toEqual([expect.objectContaining({ id: 'TT-EV-2' })]);
  });

  it('TMF641 and TMF652: a service order and its resource order store their events, the order naming its resource order', async () => {
    const { serviceInventory, resourceOrders } = test.store.ports;
    const at = '2026-03-02T09:00:00.000Z';
    const so = {
      id: 'SO-EV-1',
      productOrderId: 'PO-EV-1',
      itemId: '1',
      customerId: 'CUST-1001',
      cfsSpecId: 'CFS-FIBRE-ACCESS',
      region: 'PAR',
      action: 'add' as const,
    };
    const soMoved = serviceOrderEvent('ServiceOrderStateChangeEvent');
    const roMoved = resourceOrderEvent('ResourceOrderStateChangeEvent');
    for (let retry = 0; retry < 2; retry++) {
      await serviceInventory.recordServiceOrder('k/so', so, at, serviceOrderEvent('ServiceOrderCreateEvent'));
      await resourceOrders.record(
        'k/ro',
        {
          id: 'RO-EV-1',
          serviceOrderId: so.id,
          serviceId: 'SVC-EV-2',
          customerId: 'CUST-1001',
          region: 'PAR',
          action: 'add',
          needs: [{ resourceSpecId: 'RS-PORT', quantity: 1 }],
          holdUntil: null,
        },
        resourceOrderEvent('ResourceOrderCreateEvent'),
      );
      await resourceOrders.setState('k/ro/pending', 'RO-EV-1', 'pending', null, roMoved);
      await serviceInventory.transitionServiceOrder('k/so/inProgress', so.id, 'inProgress', 'designed', at, soMoved);
    }
    const orders = eventsOf(so.id, TMF641);
    expect(
      orders.map((e) => `${e.api} ${e.envelope.eventType}:${String(e.envelope.event['serviceOrder']!['state'])}`),
    ).toEqual([
      `${SERVICE_ORDERING_API} ServiceOrderCreateEvent:acknowledged`,
      `${SERVICE_ORDERING_API} ServiceOrderStateChangeEvent:inProgress`,
    ]);
    expect(JSON.stringify(orders[1]!.envelope.event['serviceOrder'])).toContain('/resourceOrder/RO-EV-1');
    const resources = eventsOf('RO-EV-1', TMF652);
    expect(
      resources.map((e) => `${e.api} ${e.envelope.eventType}:${String(e.envelope.event['resourceOrder']!['state'])}`),
    ).toEqual([
      `${RESOURCE_ORDERING_API} ResourceOrderCreateEvent:acknowledged`,
      `${RESOURCE_ORDERING_API} ResourceOrderStateChangeEvent:pending`,
    ]);
  });

  it('a change refused stores no event', async () => {
    const { resourceOrders } = test.store.ports;
    const order = {
      id: 'RO-EV-2',
      serviceOrderId: 'SO-EV-2',
      serviceId: 'SVC-EV-3',
      customerId: 'CUST-1001',
      region: 'PAR',
      action: 'add' as const,
      needs: [],
      holdUntil: null,
    };
    const moved = resourceOrderEvent('ResourceOrderStateChangeEvent');
    await resourceOrders.record('k/ro2', order, resourceOrderEvent('ResourceOrderCreateEvent'));
    await resourceOrders.setState('k/ro2/done', order.id, 'completed', null, moved);
    await expect(resourceOrders.setState('k/ro2/again', order.id, 'inProgress', null, moved)).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    expect(eventsOf(order.id, TMF652).map((e) => e.envelope.eventType)).toEqual([
      'ResourceOrderCreateEvent',
      'ResourceOrderStateChangeEvent',
    ]);
  });
});
