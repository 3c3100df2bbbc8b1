import { describe, expect, it } from 'vitest';
import { injectFault, UNTIL_REPAIRED } from '../../src/simulators/network';
import { rowsOf, waitForWorkOrderAndComplete } from '../support/assurance';
import { eventually } from '../support/fulfilment';
import { subscribedListener } from './hub-subscription';
import { type ApiTestRuntime, expectValid, placeCompletedFibreOrder, troubleReport, withApi } from './support';

type Envelope = { eventId: string; eventType: string; event: Record<string, { id: string } & Record<string, unknown>> };

/** The APIs whose events the test listens to: base path name, specification, resource, its state attribute. */
const APIS = {
  troubleTicket: { file: 'TMF621-TroubleTicket-v4.0.0.swagger.json', resource: 'troubleTicket', state: 'status' },
  serviceProblemManagement: {
    file: 'TMF656-ServiceProblemManagement-v4.0.0.swagger.json',
    resource: 'serviceProblem',
    state: 'status',
  },
  serviceOrdering: { file: 'TMF641-ServiceOrdering-v4.0.0.swagger.json', resource: 'serviceOrder', state: 'state' },
  resourceOrderingManagement: {
    file: 'TMF652-ResourceOrdering-v4.0.0.swagger.json',
    resource: 'resourceOrder',
    state: 'state',
  },
} as const;
type Api = keyof typeof APIS;

/** The events stored for an API, oldest first. */
const outbox = (rt: ApiTestRuntime, api: Api) =>
  rt.store.db.prepare('SELECT event_id FROM event_outbox WHERE api = ? ORDER BY seq').pluck().all(api) as string[];

/** What a listener heard of one entity: `<eventType>:<its state>` in the order received. */
const heard = (events: Envelope[], api: Api, id: string) =>
  events
    .filter((e) => e.event[APIS[api].resource]?.id === id)
    .map((e) => `${e.eventType}:${String(e.event[APIS[api].resource]![APIS[api].state])}`);

/** The states an entity went through, as the events say: its creation's state, then each state change. */
const statesHeard = (events: Envelope[], api: Api, id: string) =>
  heard(events, api, id)
    .filter((e) => /(Create|StateChange|StatusChange)Event:/.test(e))
    .map((e) => e.split(':')[1]);

/** The moves a store's history recorded (a note repeats the state, and is no move). */
const moves = (rows: Array<Record<string, unknown>>) =>
  rows.filter((r) => r['from_state'] !== r['to_state']).map((r) => r['to_state']);

describe('events of tickets, problems, service and resource orders, delivered durably to their listeners', () => {
  it('a fibre order and a trouble ticket to closure: each listener hears each change once, in order, as the specification defines it', async () => {
    await withApi(
      async (rt) => {
        const listeners = {} as Record<Api, Awaited<ReturnType<typeof subscribedListener<Envelope>>>>;
        for (const api of Object.keys(APIS) as Api[])
          listeners[api] = await subscribedListener<Envelope>(rt, `/tmf-api/${api}/v4`, APIS[api].file);

        // Fulfilment: the product order's service order (SM&O) and resource order (RM&O).
        const orderId = await placeCompletedFibreOrder(rt, 'events');
        const serviceOrders = rowsOf(rt, 'SELECT id FROM service_orders WHERE product_order_id = ?', orderId).map((r) =>
          String(r['id']),
        );
        expect(serviceOrders.length).toBeGreaterThan(0);
        const resourceOrders = rowsOf(
          rt,
          `SELECT id FROM resource_orders WHERE service_order_id IN (SELECT value FROM json_each(?))`,
          JSON.stringify(serviceOrders),
        ).map((r) => String(r['id']));
        expect(resourceOrders.length).toBeGreaterThan(0);

        // Assurance: a customer's ticket, SM&O's problem behind it, repaired, resolved and confirmed.
        injectFault(rt.store.db, 'CPE-LYO-1', 'testResource', UNTIL_REPAIRED);
        const ticketId = rt.id('TT-events');
        const posted = await rt.call('POST', '/tmf-api/troubleTicket/v4/troubleTicket', {
          expect: 'TroubleTicket',
          spec: APIS.troubleTicket.file,
          body: troubleReport(ticketId),
        });
        expect(posted.status).toBe(201);
        const problemId = `SP-${ticketId}`;
        await waitForWorkOrderAndComplete(rt, problemId);
        const status = () =>
          rt.store.db.prepare('SELECT state FROM trouble_tickets WHERE id = ?').pluck().get(ticketId);
        await eventually(async () => status() === 'resolved', `ticket ${ticketId} resolved`, 60_000);
        const confirmed = await rt.call<{ status: string }>(
          'PATCH',
          `/tmf-api/troubleTicket/v4/troubleTicket/${ticketId}`,
          {
            expect: 'TroubleTicket',
            spec: APIS.troubleTicket.file,
            body: { status: 'closed', statusChangeReason: 'works again' },
          },
        );
        expect(confirmed.body.status).toBe('closed');
        await eventually(
          async () =>
            rt.store.db.prepare('SELECT state FROM service_problems WHERE id = ?').pluck().get(problemId) === 'closed',
          `problem ${problemId} closed`,
          30_000,
        );

        // Every listener gets exactly what was stored for its API, once, in the order it was stored.
        for (const api of Object.keys(APIS) as Api[]) {
          // Read again on each try: the processes may still be storing (a last note, a report).
          await expect
            .poll(() => ({ stored: outbox(rt, api), delivered: listeners[api].received.map((e) => e.eventId) }), {
              timeout: 90_000,
              interval: 500,
            })
            .toSatisfy(
              ({ stored, delivered }) => JSON.stringify(stored) === JSON.stringify(delivered),
              `${api}: the listener received what was stored, once each, in order`,
            );
          for (const e of listeners[api].received) expectValid(e.eventType, e, APIS[api].file);
        }

        // Each entity's state changes, once each, in the order they happened.
        const tt = listeners.troubleTicket.received;
        expect(heard(tt, 'troubleTicket', ticketId)[0]).toBe('TroubleTicketCreateEvent:acknowledged');
        expect(statesHeard(tt, 'troubleTicket', ticketId)).toEqual(
          rowsOf(rt, 'SELECT to_state FROM trouble_ticket_history WHERE ticket_id = ? ORDER BY seq', ticketId).map(
            (r) => r['to_state'],
          ),
        );
        expect(statesHeard(tt, 'troubleTicket', ticketId)).toEqual(
          expect.arrayContaining(['acknowledged', 'inProgress', 'resolved', 'closed']),
        );
        expect(statesHeard(tt, 'troubleTicket', ticketId).at(-1)).toBe('closed');
        // The notes Problem Handling keeps on the ticket are changes of its attributes.
        expect(heard(tt, 'troubleTicket', ticketId)).toContainEqual(
          expect.stringMatching(/^TroubleTicketAttributeValueChangeEvent:/),
        );

        const sp = listeners.serviceProblemManagement.received;
        expect(statesHeard(sp, 'serviceProblemManagement', problemId)).toEqual(
          moves(
            rowsOf(
              rt,
              'SELECT from_state, to_state FROM service_problem_history WHERE service_problem_id = ? ORDER BY seq',
              problemId,
            ),
          ),
        );
        expect(statesHeard(sp, 'serviceProblemManagement', problemId).at(-1)).toBe('closed');

        const so = listeners.serviceOrdering.received;
        for (const id of serviceOrders) {
          expect(statesHeard(so, 'serviceOrdering', id)).toEqual(
            rowsOf(
              rt,
              "SELECT to_state FROM service_state_history WHERE entity = 'serviceOrder' AND entity_id = ? ORDER BY rowid",
              id,
            ).map((r) => r['to_state']),
          );
          expect(statesHeard(so, 'serviceOrdering', id)).toEqual(['acknowledged', 'inProgress', 'completed']);
        }
        const ro = listeners.resourceOrderingManagement.received;
        for (const id of resourceOrders) {
          expect(statesHeard(ro, 'resourceOrderingManagement', id)).toEqual([
            'acknowledged',
            'pending',
            'inProgress',
            'completed',
          ]);
        }

        for (const l of Object.values(listeners)) await l.end();
      },
      { installedBase: true, assuranceTimings: { satisfactionWait: '5 minutes' } },
    );
  }, 240_000);
});
