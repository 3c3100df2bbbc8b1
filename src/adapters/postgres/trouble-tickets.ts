import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import { canMove, TROUBLE_TICKET_TRANSITIONS } from '../../domain/assurance/states';
import type { Clock } from '../../ports/clock';
import type {
  TroubleTicketDetail,
  TroubleTicketEvent,
  TroubleTicketLink,
  TroubleTicketNote,
  TroubleTicketPort,
} from '../../ports/trouble-tickets';
import { DONE, type TicketRow, ticketCriteria, toTicket } from '../sqlite/trouble-tickets';
import { once, type Pool, type Tx } from './database';
import { appendEvent } from './event-outbox';
import { rowById, shapedRows, updateColumns } from './rows';
import { searchIds } from './search';

/**
 * TMF621 trouble tickets on PostgreSQL: the same contract as the SQLite adapter
 * (test/ports/trouble-tickets.contract.ts runs on both). A change locks its ticket's row, so two
 * workers moving the same ticket at once are judged one after the other against the state table,
 * and each change stores its event in its own transaction.
 */

type Db = Pool | Tx;

export function createPostgresTroubleTickets(pool: Pool, clock: Clock): TroubleTicketPort {
  const now = () => clock().toISOString();
  const { row, must: mustRow } = rowById<TicketRow>('trouble_tickets', 'trouble ticket');
  const ticket = async (id: string) => toTicket(await mustRow(pool, id));
  const recordMove = (tx: Tx, id: string, from: string | null, to: string, reason: string | null, at: string) =>
    tx.query(
      'INSERT INTO trouble_ticket_history (ticket_id, from_state, to_state, reason, at) VALUES ($1, $2, $3, $4, $5)',
      [id, from, to, reason, at],
    );
  const insertNote = (tx: Tx, id: string, author: string, text: string, at: string) =>
    tx.query('INSERT INTO trouble_ticket_notes (ticket_id, author, text, at) VALUES ($1, $2, $3, $4)', [
      id,
      author,
      text,
      at,
    ]);
  const notes = async (db: Db, id: string) =>
    shapedRows<TroubleTicketNote>(
      (
        await db.query(
          'SELECT ticket_id AS "ticketId", author, text, at FROM trouble_ticket_notes WHERE ticket_id = $1 ORDER BY seq',
          [id],
        )
      ).rows,
    );
  const links = async (db: Db, id: string) =>
    shapedRows<TroubleTicketLink>(
      (
        await db.query(
          `SELECT ticket_id AS "ticketId", related_id AS "relatedId", relationship, at
           FROM trouble_ticket_links WHERE ticket_id = $1 ORDER BY at, related_id`,
          [id],
        )
      ).rows,
    );
  const history = async (db: Db, id: string) =>
    shapedRows<TroubleTicketDetail['history'][number]>(
      (
        await db.query(
          `SELECT from_state AS "from", to_state AS "to", reason, at FROM trouble_ticket_history
           WHERE ticket_id = $1 ORDER BY seq`,
          [id],
        )
      ).rows,
    );
  /** Stores the event of a change, inside the change's transaction, from the ticket as it leaves it. */
  const publish = async (tx: Tx, event: TroubleTicketEvent | undefined, id: string, at: string) => {
    if (!event) return;
    const detail = { notes: await notes(tx, id), links: await links(tx, id), history: await history(tx, id) };
    await appendEvent(tx, event(toTicket(await mustRow(tx, id)), detail), at);
  };

  return {
    async record(key, t, event) {
      await once(pool, key, 'recordTroubleTicket', async (tx) => {
        const at = now();
        // The same ticket recorded under another key (by another worker too) is the first one's.
        const inserted = await tx.query(
          `INSERT INTO trouble_tickets (id, origin, customer_id, service_id, product_id, description, urgency, state,
             service_problem_id, workflow_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'acknowledged', $8, $9, $10, $10) ON CONFLICT (id) DO NOTHING`,
          [
            t.id,
            t.origin,
            t.customerId,
            t.serviceId,
            t.productId,
            t.description,
            t.urgency,
            t.serviceProblemId ?? null,
            t.workflowId,
            at,
          ],
        );
        if (inserted.rowCount === 0) return t.id;
        await recordMove(tx, t.id, null, 'acknowledged', t.description, at);
        await publish(tx, event, t.id, at);
        return t.id;
      });
      return ticket(t.id);
    },

    async get(id) {
      const r = await row(pool, id);
      return r && toTicket(r);
    },

    async transition(key, id, to, reason, event) {
      await once(pool, key, `ticketState:${to}`, async (tx) => {
        const t = await mustRow(tx, id, true);
        if (t.state === to) return id;
        if (!canMove(TROUBLE_TICKET_TRANSITIONS, t.state, to)) {
          throw new BusinessRejection(
            BusinessErrorType.InvalidStateTransition,
            `trouble ticket ${id} cannot go from ${t.state} to ${to}`,
            { from: t.state, to },
          );
        }
        const at = now();
        const reopening = t.state === 'resolved' && to === 'inProgress';
        await tx.query(
          `UPDATE trouble_tickets SET state = $1, updated_at = $2, reopened = reopened + $3,
             resolved_at = CASE WHEN $1 = 'resolved' THEN $2::timestamptz WHEN $4 THEN NULL ELSE resolved_at END,
             closed_at = CASE WHEN $1 IN ('closed', 'cancelled', 'rejected') THEN $2::timestamptz ELSE closed_at END
           WHERE id = $5`,
          [to, at, reopening ? 1 : 0, reopening, id],
        );
        await recordMove(tx, id, t.state, to, reason, at);
        await publish(tx, event, id, at);
        return id;
      });
      return ticket(id);
    },

    async update(key, id, change) {
      await once(pool, key, 'updateTroubleTicket', async (tx) => {
        await mustRow(tx, id, true);
        await updateColumns(tx, 'trouble_tickets', id, {
          service_id: change.serviceId,
          service_problem_id: change.serviceProblemId,
          linked_to: change.linkedTo,
          estimated_restoration: change.estimatedRestoration,
          resolution: change.resolution,
          sla_met: change.slaMet,
          updated_at: now(),
        });
        return id;
      });
      return ticket(id);
    },

    async escalate(key, id, urgency, reason, event) {
      await once(pool, key, 'escalateTroubleTicket', async (tx) => {
        const t = await mustRow(tx, id, true);
        if (t.escalated_at) return id;
        const at = now();
        await tx.query('UPDATE trouble_tickets SET escalated_at = $1, urgency = $2, updated_at = $1 WHERE id = $3', [
          at,
          urgency,
          id,
        ]);
        await insertNote(tx, id, '1.A.1.6.3', `escalated (${urgency}): ${reason}`, at);
        await publish(tx, event, id, at);
        return id;
      });
      return ticket(id);
    },

    async addNote(key, id, author, text, event) {
      const at = await once(pool, key, 'noteTroubleTicket', async (tx) => {
        await mustRow(tx, id, true);
        const when = now();
        await insertNote(tx, id, author, text, when);
        await publish(tx, event, id, when);
        return when;
      });
      return { ticketId: id, author, text, at };
    },

    async notes(id) {
      return notes(pool, id);
    },

    async link(key, id, relatedId, relationship) {
      const at = await once(pool, key, 'linkTroubleTicket', async (tx) => {
        await mustRow(tx, id);
        const when = now();
        await tx.query(
          `INSERT INTO trouble_ticket_links (ticket_id, related_id, relationship, at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [id, relatedId, relationship, when],
        );
        return when;
      });
      return { ticketId: id, relatedId, relationship, at };
    },

    async links(id) {
      return links(pool, id);
    },

    async history(id) {
      return history(pool, id);
    },

    async search(q) {
      const { total, ids } = await searchIds(pool, 'trouble_tickets', { ...ticketCriteria(q), newest: 'created_at' });
      return { total, orders: await Promise.all(ids.map(ticket)) };
    },

    async openOnService(serviceId) {
      const { rows } = await pool.query(
        `SELECT * FROM trouble_tickets WHERE service_id = $1 AND state NOT IN ${DONE} ORDER BY created_at, id`,
        [serviceId],
      );
      return shapedRows<TicketRow>(rows).map(toTicket);
    },
  };
}
