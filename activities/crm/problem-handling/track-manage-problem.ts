import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { ServiceProblemUpdate, type Urgency } from '../../../src/domain/assurance/messages';
import { TicketView } from '../../../src/domain/assurance/trouble-ticket-view';
import { TROUBLE_TICKET_API, troubleTicketEvent } from '../../../src/events/trouble-ticket-events';
import { wakingDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { mustTicket, ticketView } from './ticket';

const Id = z.string().min(1);

/** SM&O moved on: keep the ticket in step (state, estimate, what was done). */
export const UpdateTicketInput = z.object({ ticketId: Id, update: ServiceProblemUpdate });
/** Restoration is in jeopardy: escalate the ticket. */
export const EscalateInput = z.object({ ticketId: Id, reason: z.string().min(1) });
/**
 * A report linked to a known ticket hears SM&O through that ticket; when it has heard nothing
 * for a while it reads how the known ticket stands, so no relay lost on the way leaves it open.
 */
export const FollowLinkedInput = z.object({ ticketId: Id });
export const TrackOutput = z.object({
  ticket: TicketView,
  escalatedNow: z.boolean(),
  /** followLinked: the outcome of the known ticket, as SM&O's update would have said it; else null. */
  update: ServiceProblemUpdate.nullable().default(null),
});

const HIGHER: Record<Urgency, Urgency> = { low: 'medium', medium: 'high', high: 'critical', critical: 'critical' };
const FINISHED: readonly string[] = ['resolved', 'closed', 'cancelled', 'rejected'];

/**
 * 1.A.1.6.3 — follow the problem through its life: keep the ticket in step with SM&O's
 * updates, and escalate it when restoration is in jeopardy.
 */
export function createTrackAndManageProblem(ports: Pick<Ports, 'troubleTickets' | 'eventSubscriptions'>) {
  const { troubleTickets, eventSubscriptions } = ports;
  const moved = troubleTicketEvent('TroubleTicketStatusChangeEvent');
  const noted = troubleTicketEvent('TroubleTicketAttributeValueChangeEvent');
  const waking = <T>(changes: () => Promise<T>) => wakingDelivery(eventSubscriptions, TROUBLE_TICKET_API, changes);
  return defineProcessHandlers(
    {
      etomId: '1.A.1.6.3',
      handlers: {
        update: { input: UpdateTicketInput, output: TrackOutput },
        escalate: { input: EscalateInput, output: TrackOutput },
        followLinked: { input: FollowLinkedInput, output: TrackOutput },
      },
    },
    {
      update: (input, call) =>
        waking(async () => {
          const key = call.idempotencyKey;
          const t = await mustTicket(troubleTickets, input.ticketId);
          const u = input.update;
          await troubleTickets.addNote(
            `${key}/note`,
            t.id,
            u.process,
            `${u.serviceProblemId} ${u.state}: ${u.detail}`,
            noted,
          );
          let ticket = t;
          if (u.estimatedRestoration && u.estimatedRestoration !== t.estimatedRestoration) {
            ticket = await troubleTickets.update(`${key}/eta`, t.id, { estimatedRestoration: u.estimatedRestoration });
          }
          if (ticket.state === 'acknowledged' || ticket.state === 'pending' || ticket.state === 'held') {
            ticket = await troubleTickets.transition(`${key}/inProgress`, t.id, 'inProgress', u.detail, moved);
          }
          return { ticket: ticketView(ticket), escalatedNow: false, update: null };
        }),
      escalate: (input, call) =>
        waking(async () => {
          const t = await mustTicket(troubleTickets, input.ticketId);
          if (FINISHED.includes(t.state) || t.escalatedAt)
            return { ticket: ticketView(t), escalatedNow: false, update: null };
          const escalated = await troubleTickets.escalate(
            `${call.idempotencyKey}/escalate`,
            t.id,
            HIGHER[t.urgency],
            input.reason,
            noted,
          );
          return { ticket: ticketView(escalated), escalatedNow: true, update: null };
        }),
      async followLinked(input) {
        const t = await mustTicket(troubleTickets, input.ticketId);
        const known = t.linkedTo ? await troubleTickets.get(t.linkedTo) : undefined;
        const ended =
          known?.state === 'resolved' || known?.state === 'closed'
            ? ('resolved' as const)
            : known?.state === 'cancelled' || known?.state === 'rejected'
              ? ('cancelled' as const)
              : null;
        return {
          ticket: ticketView(t),
          escalatedNow: false,
          update:
            known && ended
              ? {
                  serviceProblemId: known.serviceProblemId ?? t.serviceProblemId ?? known.id,
                  state: ended,
                  estimatedRestoration: null,
                  process: '1.A.2.3.5',
                  detail: known.resolution ?? `${known.id} ${known.state}`,
                }
              : null,
        };
      },
    },
  );
}
