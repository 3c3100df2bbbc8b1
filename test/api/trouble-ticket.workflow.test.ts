import { describe, expect, it } from 'vitest';
import { injectFault, UNTIL_REPAIRED } from '../../src/simulators/network';
import { rowsOf, waitForWorkOrderAndComplete, workOrderAssigned } from '../support/assurance';
import { eventually } from '../support/fulfilment';
import { type ApiTestRuntime, TOKENS, troubleReport, withApi } from './support';

const TMF621 = 'TMF621-TroubleTicket-v4.0.0.swagger.json';
const TT = '/tmf-api/troubleTicket/v4';

type Ticket = { id: string; href: string; status: string; [k: string]: unknown };
type Failure = { code: string; message: string };

const ticketCall = <T = Ticket>(rt: ApiTestRuntime, method: string, url: string, body?: unknown) =>
  rt.call<T>(method, `${TT}${url}`, { expect: 'TroubleTicket', spec: TMF621, ...(body ? { body } : {}) });
const statusOf = async (rt: ApiTestRuntime, id: string) =>
  (await ticketCall(rt, 'GET', `/troubleTicket/${id}`)).body.status;

describe('TMF621 Trouble Ticket against the real workers', () => {
  it('opens a customer’s trouble through Problem Handling, lists it, refuses other moves and cancels it', async () => {
    await withApi(
      async (rt) => {
        injectFault(rt.store.db, 'CPE-LYO-1', 'testResource', UNTIL_REPAIRED);
        const before = new Date(Date.now() - 1000).toISOString();
        const id = rt.id('TT-api');
        const posted = await ticketCall(rt, 'POST', '/troubleTicket', troubleReport(id));
        expect(posted.status).toBe(201);
        expect(posted.headers.get('location')).toBe(`${TT}/troubleTicket/${id}`);
        expect(posted.body).toMatchObject({ id, status: 'acknowledged', '@type': 'TroubleTicket' });
        // The same ticket posted again is the one ticket.
        expect((await ticketCall(rt, 'POST', '/troubleTicket', troubleReport(id))).body.id).toBe(id);

        // Problem Handling runs: the ticket recorded, SM&O's service problem diagnosing, a technician sent.
        const sp = `SP-${id}`;
        await workOrderAssigned(rt, sp);
        // Visibility lists a started workflow a moment later: wait for it, then there is exactly one.
        const inVisibility = await eventually(
          async () => {
            const same = (await rt.workflowIds('crm')).filter((w) => w === id);
            return same.length > 0 && same;
          },
          `${id} in visibility`,
          60_000,
        );
        expect(inVisibility).toEqual([id]);
        expect((await rt.client.workflow.getHandle(id).describe()).type).toBe('troubleTicket');
        expect(rowsOf(rt, 'SELECT customer_id, service_id, urgency FROM trouble_tickets WHERE id = ?', id)).toEqual([
          { customer_id: 'CUST-1005', service_id: 'SVC-IB04-1', urgency: 'high' },
        ]);
        expect(rowsOf(rt, 'SELECT trouble_ticket_id FROM service_problems WHERE id = ?', sp)).toEqual([
          { trouble_ticket_id: id },
        ]);

        const read = await ticketCall(rt, 'GET', `/troubleTicket/${id}`);
        expect(read.body).toMatchObject({ severity: 'high', relatedParty: [{ id: 'CUST-1005' }] });
        expect(read.body['relatedEntity']).toContainEqual(
          expect.objectContaining({ id: sp, href: `/tmf-api/serviceProblemManagement/v4/serviceProblem/${sp}` }),
        );
        const status = read.body.status;
        expect(['acknowledged', 'inProgress']).toContain(status);

        // Filters, dates, fields= and paging.
        const listed = await ticketCall<Ticket[]>(
          rt,
          'GET',
          `/troubleTicket?relatedParty.id=CUST-1005&severity=high&status=${status}&creationDate.gte=${before}&fields=status&limit=5`,
        );
        expect(listed.status).toBe(200);
        expect(listed.body.map((t) => t.id)).toContain(id);
        expect(Object.keys(listed.body[0]!).sort()).toEqual(
          ['id', 'href', 'status', '@type', '@baseType', '@schemaLocation'].sort(),
        );
        expect(listed.headers.get('x-total-count')).toBe(String(listed.body.length));
        expect(listed.headers.get('x-result-count')).toBe(String(listed.body.length));
        const none = await ticketCall<Ticket[]>(rt, 'GET', `/troubleTicket?creationDate.lt=${before}&id=${id}`);
        expect([none.body.length, none.headers.get('x-total-count')]).toEqual([0, '0']);

        // Moves the customer may not make: 409, nothing changes.
        for (const to of ['held', 'closed', 'resolved', 'rejected']) {
          const refused = await rt.call<Failure>('PATCH', `${TT}/troubleTicket/${id}`, { body: { status: to } });
          expect([to, refused.status]).toEqual([to, 409]);
        }
        const noted = await ticketCall(rt, 'PATCH', `/troubleTicket/${id}`, {
          note: [{ author: 'customer', text: 'the modem LEDs are off' }],
        });
        expect(noted.body['note']).toContainEqual(expect.objectContaining({ text: 'the modem LEDs are off' }));

        // The customer's cancel: the ticket and its service problem end.
        const cancelled = await ticketCall(rt, 'PATCH', `/troubleTicket/${id}`, {
          status: 'cancelled',
          statusChangeReason: 'I am away this week',
        });
        expect(cancelled.status).toBe(200);
        expect(cancelled.body.status).toBe('cancelled');
        expect(rowsOf(rt, 'SELECT state FROM trouble_tickets WHERE id = ?', id)).toEqual([{ state: 'cancelled' }]);
        expect(await rt.client.workflow.getHandle(id).result()).toMatchObject({ state: 'cancelled' });
        const again = await rt.call<Failure>('PATCH', `${TT}/troubleTicket/${id}`, { body: { status: 'closed' } });
        expect(again.status).toBe(409);
      },
      { installedBase: true },
    );
  });

  it('the customer confirms a resolved ticket (resolved → closed); cancelling it then is refused with the ticket’s reason', async () => {
    await withApi(
      async (rt) => {
        injectFault(rt.store.db, 'CPE-LYO-1', 'testResource', UNTIL_REPAIRED);
        const id = rt.id('TT-confirm');
        expect((await ticketCall(rt, 'POST', '/troubleTicket', troubleReport(id))).status).toBe(201);
        await waitForWorkOrderAndComplete(rt, `SP-${id}`);
        await eventually(async () => (await statusOf(rt, id)) === 'resolved', `ticket ${id} resolved`, 60_000);

        const refused = await rt.call<Failure>('PATCH', `${TT}/troubleTicket/${id}`, { body: { status: 'cancelled' } });
        expect(refused.status).toBe(409);
        expect(refused.body.message).toContain('can no longer be cancelled');

        const confirmed = await ticketCall(rt, 'PATCH', `/troubleTicket/${id}`, {
          status: 'closed',
          statusChangeReason: 'works again',
        });
        // The PATCH answers once the ticket has closed: the response already says so.
        expect([confirmed.status, confirmed.body.status]).toEqual([200, 'closed']);
        expect(await rt.client.workflow.getHandle(id).result()).toMatchObject({ state: 'closed' });
        const closed = await ticketCall(rt, 'GET', `/troubleTicket/${id}`);
        expect(closed.body.status).toBe('closed');
        expect(closed.body['statusChange']).toContainEqual(expect.objectContaining({ status: 'resolved' }));
        // The same confirmation again (a retried PATCH) changes nothing and sends nothing twice.
        const twice = await ticketCall(rt, 'PATCH', `/troubleTicket/${id}`, { status: 'closed' });
        expect([twice.status, twice.body.status]).toEqual([200, 'closed']);
        const events = (await rt.client.workflow.getHandle(id).fetchHistory()).events!;
        const feedback = events.filter(
          (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'customerFeedback',
        );
        expect(feedback).toHaveLength(1);
      },
      // The customer has time to answer: silence would close the ticket too.
      { installedBase: true, assuranceTimings: { satisfactionWait: '5 minutes' } },
    );
    // A whole repair across three layers: a loaded CI machine takes more than the default minute.
  }, 150_000);

  it('refuses bad bodies (400), unknown customers (422), strangers (401, 403) and unknown tickets (404), starting nothing', async () => {
    await withApi(async (rt) => {
      const id = rt.id('TT-bad');
      const { severity: _, ...noSeverity } = troubleReport(id);
      const bad = await rt.call<Failure>('POST', `${TT}/troubleTicket`, { body: noSeverity });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('/severity');
      const wrongType = await rt.call<Failure>('POST', `${TT}/troubleTicket`, {
        body: { ...troubleReport(id), status: 'open' },
      });
      expect([wrongType.status, wrongType.body.message]).toEqual([400, expect.stringContaining('/status')]);
      const stranger = await rt.call<Failure>('POST', `${TT}/troubleTicket`, {
        body: { ...troubleReport(id), relatedParty: [{ id: 'CUST-NOBODY', '@referredType': 'Customer' }] },
      });
      expect(stranger.status).toBe(422);
      expect((await rt.call('POST', `${TT}/troubleTicket`, { body: troubleReport(id), token: null })).status).toBe(401);
      expect(
        (await rt.call('POST', `${TT}/troubleTicket`, { body: troubleReport(id), token: 'wrong-token-0123456789' }))
          .status,
      ).toBe(401);
      expect(
        (await rt.call('POST', `${TT}/troubleTicket`, { body: troubleReport(id), token: TOKENS.reader })).status,
      ).toBe(403);
      expect((await rt.call('GET', `${TT}/troubleTicket/${id}`)).status).toBe(404);
      expect((await rt.call('PATCH', `${TT}/troubleTicket/${id}`, { body: { status: 'cancelled' } })).status).toBe(404);
      // Nothing was started or written.
      expect(await rt.workflowIds('crm')).toEqual([]);
      expect(rowsOf(rt, 'SELECT id FROM trouble_tickets WHERE id = ?', id)).toEqual([]);
      const reader = await rt.call<Ticket[]>('GET', `${TT}/troubleTicket`, {
        token: TOKENS.reader,
        expect: 'TroubleTicket',
        spec: TMF621,
      });
      expect(reader.status).toBe(200);
    });
  });
});
