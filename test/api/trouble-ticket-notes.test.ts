import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors';
import { changeTicket } from '../../src/api/trouble-ticket/changes';
import { useTestStore } from '../support/store';

const t = useTestStore('2026-03-02T09:00:00.000Z');

/** A note-only PATCH reaches no workflow: the client is there for the signature. */
const client = { workflow: { getHandle: () => ({}) } } as unknown as Client;

const ticket = {
  id: 'TT-NOTE-1',
  origin: 'customer' as const,
  customerId: 'CUST-1001',
  serviceId: null,
  productId: null,
  description: 'no traffic since this morning',
  urgency: 'high' as const,
  workflowId: 'TT-NOTE-1',
};

describe('TMF621 PATCH: a note on a ticket reported a moment before', () => {
  it('waits for Problem Handling to record the ticket, then keeps the note once however often it is sent', async () => {
    const { troubleTickets } = t.store.ports;
    const patch = { note: [{ author: 'escalation', text: 'two hours without news', date: '2026-03-02T11:00:00Z' }] };
    // The escalation arrives before the ticket's workflow has recorded it (a partner's gateway
    // escalating right after its POST): the note waits instead of a 409 the caller would have to retry.
    const recordedLater = new Promise<void>((done) =>
      setTimeout(() => void troubleTickets.record('k/record', ticket).then(() => done()), 600),
    );
    await changeTicket(client, t.store.ports, { id: ticket.id, status: 'acknowledged' }, patch);
    await recordedLater;
    await changeTicket(client, t.store.ports, { id: ticket.id, status: 'acknowledged' }, patch);
    expect((await troubleTickets.notes(ticket.id)).map((n) => [n.author, n.text])).toEqual([
      ['escalation', 'two hours without news'],
    ]);
  });

  it('answers 409 when the ticket is never recorded, keeping nothing', async () => {
    const { troubleTickets } = t.store.ports;
    const refused = changeTicket(
      client,
      t.store.ports,
      { id: 'TT-NEVER', status: 'acknowledged' },
      {
        note: [{ text: 'anyone there?' }],
      },
      { recordWaitMs: 1_000 },
    );
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ status: 409, message: expect.stringContaining('not recorded yet') });
    expect(await troubleTickets.notes('TT-NEVER')).toEqual([]);
  });
});
