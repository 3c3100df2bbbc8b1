import { BusinessErrorType, BusinessRejection } from '../../contracts/errors';
import type { Urgency } from '../../domain/assurance/messages';
import { canMove, TROUBLE_TICKET_TRANSITIONS, type TroubleTicketState } from '../../domain/assurance/states';
import type { Clock } from '../../ports/clock';
import type {
  TroubleTicket,
  TroubleTicketEvent,
  TroubleTicketLink,
  TroubleTicketNote,
  TroubleTicketPort,
  TroubleTicketSearch,
} from '../../ports/trouble-tickets';
import { type Db, once } from './database';
import { appendEvent } from './event-outbox';
import { searchIds } from './search';

/** A trouble_tickets row in this store's shape; the PostgreSQL adapter maps its rows with `toTicket` too. */
export interface TicketRow {
  id: string;
  origin: TroubleTicket['origin'];
  customer_id: string;
  service_id: string | null;
  product_id: string | null;
  description: string;
  urgency: Urgency;
  state: TroubleTicketState;
  service_problem_id: string | null;
  linked_to: string | null;
  estimated_restoration: string | null;
  escalated_at: string | null;
  reopened: number;
  resolution: string | null;
  sla_met: number | null;
  workflow_id: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
}

export const toTicket = (r: TicketRow): TroubleTicket => ({
  id: r.id,
  origin: r.origin,
  customerId: r.customer_id,
  serviceId: r.service_id,
  productId: r.product_id,
  description: r.description,
  urgency: r.urgency,
  state: r.state,
  serviceProblemId: r.service_problem_id,
  linkedTo: r.linked_to,
  estimatedRestoration: r.estimated_restoration,
  escalatedAt: r.escalated_at,
  reopened: r.reopened,
  resolution: r.resolution,
  slaMet: r.sla_met === null ? null : r.sla_met === 1,
  workflowId: r.workflow_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  resolvedAt: r.resolved_at,
  closedAt: r.closed_at,
});

/** The list's criteria as both stores' searchIds take them (TMF630 filters of the port's search). */
export const ticketCriteria = (q: TroubleTicketSearch) => ({
  anyOf: [
    ['id', q.ids],
    ['state', q.states],
    ['urgency', q.urgencies],
    ['customer_id', q.customerIds],
  ] as Array<[column: string, values: readonly string[] | undefined]>,
  dates: q.dates,
  dateColumns: { createdAt: 'created_at', updatedAt: 'updated_at', resolvedAt: 'resolved_at' },
  offset: q.offset,
  limit: q.limit,
});

/** States in which a ticket is no longer worked: a new report cannot be linked to it. */
export const DONE = "('resolved', 'closed', 'cancelled', 'rejected')";

/** TMF621 trouble tickets over the store. */
export function createSqliteTroubleTickets(db: Db, clock: Clock): TroubleTicketPort {
  const now = () => clock().toISOString();
  const row = (id: string) => db.prepare('SELECT * FROM trouble_tickets WHERE id = ?').get(id) as TicketRow | undefined;
  const mustRow = (id: string) => {
    const r = row(id);
    if (!r) throw new BusinessRejection(BusinessErrorType.NotFound, `no trouble ticket ${id}`);
    return r;
  };
  const recordMove = (id: string, from: string | null, to: string, reason: string | null, at: string) =>
    db
      .prepare(
        'INSERT INTO trouble_ticket_history (ticket_id, from_state, to_state, reason, at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(id, from, to, reason, at);
  const notes = (id: string) =>
    db
      .prepare(
        'SELECT ticket_id AS ticketId, author, text, at FROM trouble_ticket_notes WHERE ticket_id = ? ORDER BY seq',
      )
      .all(id) as TroubleTicketNote[];
  const links = (id: string) =>
    db
      .prepare(
        `SELECT ticket_id AS ticketId, related_id AS relatedId, relationship, at
         FROM trouble_ticket_links WHERE ticket_id = ? ORDER BY at, related_id`,
      )
      .all(id) as TroubleTicketLink[];
  const history = (id: string) =>
    db
      .prepare(
        `SELECT from_state AS "from", to_state AS "to", reason, at FROM trouble_ticket_history
         WHERE ticket_id = ? ORDER BY seq`,
      )
      .all(id) as Array<{ from: string | null; to: string; reason: string | null; at: string }>;
  /** Stores the event of a change, inside the change's transaction, from the ticket as it leaves it. */
  const publish = (event: TroubleTicketEvent | undefined, id: string, at: string) => {
    if (event)
      appendEvent(db, event(toTicket(mustRow(id)), { notes: notes(id), links: links(id), history: history(id) }), at);
  };

  return {
    async record(key, t, event) {
      once(db, key, 'recordTroubleTicket', () => {
        if (row(t.id)) return t.id;
        const at = now();
        db.prepare(
          `INSERT INTO trouble_tickets (id, origin, customer_id, service_id, product_id, description, urgency, state,
             service_problem_id, workflow_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'acknowledged', ?, ?, ?, ?)`,
        ).run(
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
          at,
        );
        recordMove(t.id, null, 'acknowledged', t.description, at);
        publish(event, t.id, at);
        return t.id;
      });
      return toTicket(mustRow(t.id));
    },

    async get(id) {
      const r = row(id);
      return r && toTicket(r);
    },

    async transition(key, id, to, reason, event) {
      once(db, key, `ticketState:${to}`, () => {
        const t = mustRow(id);
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
        db.prepare(
          `UPDATE trouble_tickets SET state = ?, updated_at = ?, reopened = reopened + ?,
             resolved_at = CASE WHEN ? = 'resolved' THEN ? WHEN ? THEN NULL ELSE resolved_at END,
             closed_at = CASE WHEN ? IN ('closed', 'cancelled', 'rejected') THEN ? ELSE closed_at END
           WHERE id = ?`,
        ).run(to, at, reopening ? 1 : 0, to, at, reopening ? 1 : 0, to, at, id);
        recordMove(id, t.state, to, reason, at);
        publish(event, id, at);
        return id;
      });
      return toTicket(mustRow(id));
    },

    async update(key, id, change) {
      once(db, key, 'updateTroubleTicket', () => {
        mustRow(id);
        const sets: string[] = [];
        const values: unknown[] = [];
        const put = (column: string, value: unknown) => {
          sets.push(`${column} = ?`);
          values.push(value);
        };
        if (change.serviceId !== undefined) put('service_id', change.serviceId);
        if (change.serviceProblemId !== undefined) put('service_problem_id', change.serviceProblemId);
        if (change.linkedTo !== undefined) put('linked_to', change.linkedTo);
        if (change.estimatedRestoration !== undefined) put('estimated_restoration', change.estimatedRestoration);
        if (change.resolution !== undefined) put('resolution', change.resolution);
        if (change.slaMet !== undefined) put('sla_met', change.slaMet ? 1 : 0);
        put('updated_at', now());
        db.prepare(`UPDATE trouble_tickets SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
        return id;
      });
      return toTicket(mustRow(id));
    },

    async escalate(key, id, urgency, reason, event) {
      once(db, key, 'escalateTroubleTicket', () => {
        const t = mustRow(id);
        if (t.escalated_at) return id;
        const at = now();
        db.prepare('UPDATE trouble_tickets SET escalated_at = ?, urgency = ?, updated_at = ? WHERE id = ?').run(
          at,
          urgency,
          at,
          id,
        );
        db.prepare('INSERT INTO trouble_ticket_notes (ticket_id, author, text, at) VALUES (?, ?, ?, ?)').run(
          id,
          '1.A.1.6.3',
          `escalated (${urgency}): ${reason}`,
          at,
        );
        publish(event, id, at);
        return id;
      });
      return toTicket(mustRow(id));
    },

    async addNote(key, id, author, text, event) {
      const at = once(db, key, 'noteTroubleTicket', () => {
        mustRow(id);
        const when = now();
        db.prepare('INSERT INTO trouble_ticket_notes (ticket_id, author, text, at) VALUES (?, ?, ?, ?)').run(
          id,
          author,
          text,
          when,
        );
        publish(event, id, when);
        return when;
      });
      return { ticketId: id, author, text, at };
    },

    async notes(id) {
      return notes(id);
    },

    async link(key, id, relatedId, relationship) {
      const at = once(db, key, 'linkTroubleTicket', () => {
        mustRow(id);
        const when = now();
        db.prepare(
          `INSERT OR IGNORE INTO trouble_ticket_links (ticket_id, related_id, relationship, at) VALUES (?, ?, ?, ?)`,
        ).run(id, relatedId, relationship, when);
        return when;
      });
      return { ticketId: id, relatedId, relationship, at };
    },

    async links(id) {
      return links(id);
    },

    async history(id) {
      return history(id);
    },

    async search(q) {
      const { total, ids } = searchIds(db, 'trouble_tickets', ticketCriteria(q));
      return { total, orders: ids.map((id) => toTicket(row(id)!)) };
    },

    async openOnService(serviceId) {
      return (
        db
          .prepare(
            `SELECT * FROM trouble_tickets WHERE service_id = ? AND state NOT IN ${DONE} ORDER BY created_at, id`,
          )
          .all(serviceId) as TicketRow[]
      ).map(toTicket);
    },
  };
}
