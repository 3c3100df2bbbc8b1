import { beforeEach, describe, expect, it } from 'vitest';
import { createProblemHandlingActivities } from '../../../activities/crm/problem-handling';
import { key, useTestStore } from '../../support/store';
import type { TroubleTicketRequestInput } from '../../../src/domain/assurance/messages';

const START = '2026-07-01T09:00:00.000Z';
const t = useTestStore(START, { installedBase: true });
const { clock, rows, one } = t;
let ph: ReturnType<typeof createProblemHandlingActivities>;

beforeEach(() => {
  ph = createProblemHandlingActivities(t.store.ports);
});

const ticketRow = (id: string) => one('SELECT * FROM trouble_tickets WHERE id = ?', id);

const request = (over: Partial<TroubleTicketRequestInput> = {}): TroubleTicketRequestInput => ({
  ticketId: 'TT-1',
  origin: 'customer',
  customerId: 'CUST-1005',
  description: 'no internet since this morning',
  timings: {},
  ...over,
});
const isolate = (over: Partial<TroubleTicketRequestInput> = {}, k = key()) =>
  ph.isolateProblemAndInitiateResolution(
    { action: 'isolate', request: request(over), workflowId: over.ticketId ?? 'TT-1' },
    k,
  );

/** A ticket resolved by SM&O, ready for the customer's word. */
async function resolvedTicket(id = 'TT-1') {
  await isolate({ ticketId: id });
  return ph.closeProblem({ action: 'resolve', ticketId: id, resolution: 'router replaced' }, key());
}

describe('1.A.1.6.1 isolateProblemAndInitiateResolution', () => {
  it('records the report, finds the customer’s service through their product, and asks SM&O for a service problem', async () => {
    const out = await isolate();
    expect(out.ticket).toMatchObject({
      ticketId: 'TT-1',
      state: 'inProgress',
      serviceId: 'SVC-IB04-1',
      serviceProblemId: 'SP-TT-1',
      linkedTo: null,
    });
    expect(out).toMatchObject({ region: 'LYO', known: null, startServiceProblem: 'SP-TT-1' });
    expect(out.timings?.restorationTarget).toBe(4 * 3_600_000);
    expect(
      rows('SELECT from_state, to_state FROM trouble_ticket_history WHERE ticket_id = ? ORDER BY seq', 'TT-1'),
    ).toEqual([
      { from_state: null, to_state: 'acknowledged' },
      { from_state: 'acknowledged', to_state: 'inProgress' },
    ]);
  });

  it('writes nothing twice when retried with the same key', async () => {
    const k = key();
    await isolate({}, k);
    await isolate({}, k);
    expect(rows('SELECT id FROM trouble_tickets')).toHaveLength(1);
    expect(rows('SELECT * FROM trouble_ticket_history')).toHaveLength(2);
  });

  it('links a report of a problem already known to the open ticket, without a second service problem', async () => {
    await isolate({
      ticketId: 'TT-NET',
      origin: 'network',
      serviceId: 'SVC-IB04-1',
      serviceProblem: { serviceProblemId: 'SP-X', workflowId: 'SP-X' },
    });
    const out = await isolate({ ticketId: 'TT-2' });
    expect(out.known).toEqual({ ticketId: 'TT-NET', serviceProblemId: 'SP-X', workflowId: 'TT-NET' });
    expect(out.startServiceProblem).toBeNull();
    expect(out.ticket).toMatchObject({ state: 'inProgress', linkedTo: 'TT-NET', serviceProblemId: 'SP-X' });
    expect(rows('SELECT ticket_id, related_id, relationship FROM trouble_ticket_links ORDER BY ticket_id')).toEqual([
      { ticket_id: 'TT-2', related_id: 'TT-NET', relationship: 'isDuplicateOf' },
      { ticket_id: 'TT-NET', related_id: 'TT-2', relationship: 'hasDuplicate' },
    ]);
  });

  it('rejects a report about a service the customer does not have', async () => {
    const out = await isolate({ serviceId: 'SVC-IB01-1' });
    expect(out.ticket.state).toBe('rejected');
    expect(out.startServiceProblem).toBeNull();
    expect(ticketRow('TT-1')).toMatchObject({ state: 'rejected' });
  });

  it('starts a new diagnosis for a reopened ticket, and refuses one for a ticket not reopened', async () => {
    await resolvedTicket();
    await expect(
      ph.isolateProblemAndInitiateResolution(
        { action: 'reinitiate', ticketId: 'TT-1', serviceProblemId: 'SP-TT-1-R1' },
        key(),
      ),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition' });
    await ph.closeProblem({ action: 'conclude', ticketId: 'TT-1', satisfied: false, answered: true }, key());
    const out = await ph.isolateProblemAndInitiateResolution(
      { action: 'reinitiate', ticketId: 'TT-1', serviceProblemId: 'SP-TT-1-R1' },
      key(),
    );
    expect(out.startServiceProblem).toBe('SP-TT-1-R1');
    expect(ticketRow('TT-1')).toMatchObject({ service_problem_id: 'SP-TT-1-R1', reopened: 1, state: 'inProgress' });
  });
});

describe('1.A.1.6.2 reportProblem', () => {
  it('tells the customer by email, with the estimate, and keeps what was said on the ticket', async () => {
    await isolate();
    const out = await ph.reportProblem(
      {
        ticketId: 'TT-1',
        event: 'progress',
        detail: 'a technician is on the way',
        estimatedRestoration: '2026-07-01T13:00:00.000Z',
      },
      key(),
    );
    const [n] = rows(
      'SELECT recipient, channel, subject, body, reference FROM notifications WHERE reference = ?',
      'TT-1',
    );
    expect(n).toMatchObject({ channel: 'email', reference: 'TT-1', recipient: out.recipient });
    expect(String(n!['recipient'])).toContain('@');
    expect(String(n!['body'])).toContain('2026-07-01T13:00:00.000Z');
    expect(rows("SELECT text FROM trouble_ticket_notes WHERE author = '1.A.1.6.2'")).toEqual([
      { text: 'progress: a technician is on the way' },
    ]);
  });
});

describe('1.A.1.6.3 trackAndManageProblem', () => {
  it('keeps the ticket in step with SM&O: the estimate and what was done', async () => {
    await isolate();
    const out = await ph.trackAndManageProblem(
      {
        action: 'update',
        ticketId: 'TT-1',
        update: {
          serviceProblemId: 'SP-TT-1',
          state: 'inProgress',
          estimatedRestoration: '2026-07-01T13:00:00.000Z',
          process: '1.A.2.3.1',
          detail: 'CPE down',
        },
      },
      key(),
    );
    expect(out.ticket.estimatedRestoration).toBe('2026-07-01T13:00:00.000Z');
    expect(rows("SELECT text FROM trouble_ticket_notes WHERE author = '1.A.2.3.1'")).toEqual([
      { text: 'SP-TT-1 inProgress: CPE down' },
    ]);
  });

  it('tells a linked report how the known ticket stands: nothing while it is open, resolved once it is', async () => {
    await isolate({
      ticketId: 'TT-NET',
      origin: 'network',
      serviceId: 'SVC-IB04-1',
      serviceProblem: { serviceProblemId: 'SP-X', workflowId: 'SP-X' },
    });
    await isolate({ ticketId: 'TT-2' });
    const open = await ph.trackAndManageProblem({ action: 'followLinked', ticketId: 'TT-2' }, key());
    expect(open.update).toBeNull();
    await ph.closeProblem({ action: 'resolve', ticketId: 'TT-NET', resolution: 'port restored' }, key());
    const done = await ph.trackAndManageProblem({ action: 'followLinked', ticketId: 'TT-2' }, key());
    expect(done.update).toMatchObject({ serviceProblemId: 'SP-X', state: 'resolved', detail: 'port restored' });
  });

  it('escalates a late ticket once, at a higher urgency, and never a resolved one', async () => {
    await isolate();
    const first = await ph.trackAndManageProblem({ action: 'escalate', ticketId: 'TT-1', reason: 'late' }, key());
    expect(first).toMatchObject({ escalatedNow: true, ticket: { escalated: true, urgency: 'high' } });
    const again = await ph.trackAndManageProblem({ action: 'escalate', ticketId: 'TT-1', reason: 'late' }, key());
    expect(again).toMatchObject({ escalatedNow: false, ticket: { urgency: 'high' } });
    await resolvedTicket('TT-9');
    const resolved = await ph.trackAndManageProblem({ action: 'escalate', ticketId: 'TT-9', reason: 'late' }, key());
    expect(resolved).toMatchObject({ escalatedNow: false, ticket: { escalated: false } });
  });
});

describe('1.A.1.6.4 closeProblem', () => {
  it('closes with the customer, agreeing the SLA was met when restored within its restore hours', async () => {
    await isolate();
    clock.now = new Date(clock.now.getTime() + 30 * 60_000);
    await ph.closeProblem({ action: 'resolve', ticketId: 'TT-1', resolution: 'router replaced' }, key());
    const out = await ph.closeProblem(
      { action: 'conclude', ticketId: 'TT-1', satisfied: true, answered: false },
      key(),
    );
    expect(out).toMatchObject({ restorationMinutes: 30, slaMet: true, ticket: { state: 'closed' } });
    expect(ticketRow('TT-1')).toMatchObject({ state: 'closed', sla_met: 1, resolution: 'router replaced' });
    // Closed is final (TMF621).
    await expect(
      ph.closeProblem({ action: 'conclude', ticketId: 'TT-1', satisfied: false, answered: true }, key()),
    ).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });

  it('records the SLA missed when restoration took longer than the restore hours', async () => {
    await isolate();
    clock.now = new Date(clock.now.getTime() + 5 * 3_600_000);
    await ph.closeProblem({ action: 'resolve', ticketId: 'TT-1', resolution: 'fixed late' }, key());
    const out = await ph.closeProblem({ action: 'conclude', ticketId: 'TT-1', satisfied: true, answered: true }, key());
    expect(out).toMatchObject({ restorationMinutes: 300, slaMet: false });
  });

  it('reopens the ticket when the customer is not satisfied (resolved → inProgress)', async () => {
    await resolvedTicket();
    const out = await ph.closeProblem(
      { action: 'conclude', ticketId: 'TT-1', satisfied: false, comment: 'still slow', answered: true },
      key(),
    );
    expect(out.ticket).toMatchObject({ state: 'inProgress', reopened: 1 });
    expect(
      rows('SELECT from_state, to_state FROM trouble_ticket_history WHERE ticket_id = ? ORDER BY seq', 'TT-1').slice(
        -2,
      ),
    ).toEqual([
      { from_state: 'inProgress', to_state: 'resolved' },
      { from_state: 'resolved', to_state: 'inProgress' },
    ]);
  });

  it('cancels a report the customer withdraws before it is resolved, once, and not a resolved one', async () => {
    await isolate();
    const k = key();
    const out = await ph.closeProblem({ action: 'cancel', ticketId: 'TT-1', reason: 'it works again' }, k);
    expect(out.ticket.state).toBe('cancelled');
    // A retry of the same call changes nothing more.
    await ph.closeProblem({ action: 'cancel', ticketId: 'TT-1', reason: 'it works again' }, k);
    expect(
      rows(
        'SELECT to_state, reason FROM trouble_ticket_history WHERE ticket_id = ? AND to_state = ?',
        'TT-1',
        'cancelled',
      ),
    ).toEqual([{ to_state: 'cancelled', reason: 'cancelled by the customer: it works again' }]);

    await resolvedTicket('TT-2');
    await expect(
      ph.closeProblem({ action: 'cancel', ticketId: 'TT-2', reason: 'too late' }, key()),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition' });
    expect(ticketRow('TT-2')['state']).toBe('resolved');
  });

  it('refuses to close a ticket that is not resolved', async () => {
    await isolate();
    await expect(
      ph.closeProblem({ action: 'conclude', ticketId: 'TT-1', satisfied: true, answered: true }, key()),
    ).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });
});
