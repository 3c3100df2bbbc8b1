import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { TicketView } from '../../../src/domain/assurance/trouble-ticket-view';
import { TROUBLE_TICKET_API, troubleTicketEvent } from '../../../src/events/trouble-ticket-events';
import { wakingDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { mustTicket, ticketView } from './ticket';

const Id = z.string().min(1);

export const ResolveInput = z.object({ ticketId: Id, resolution: z.string().min(1) });
/** The customer withdrew the report before it was resolved (TMF621 `cancelled`). */
export const CancelInput = z.object({ ticketId: Id, reason: z.string().min(1) });
/** The customer's answer (silence within the wait counts as satisfied). */
export const ConcludeInput = z.object({
  ticketId: Id,
  satisfied: z.boolean(),
  comment: z.string().default(''),
  answered: z.boolean(),
});
export const CloseOutput = z.object({
  ticket: TicketView,
  /** Minutes from the report to the resolution, and whether that was within the SLA's restore time. */
  restorationMinutes: z.number().int().nonnegative().nullable(),
  slaMet: z.boolean().nullable(),
});

/**
 * 1.A.1.6.4 — close the problem: resolved, then the customer says whether satisfied; closed
 * with the SLA outcome agreed (restored within the service's restore time), or reopened.
 * A customer may also withdraw an unresolved report: the ticket is cancelled.
 */
export function createCloseProblem(
  ports: Pick<Ports, 'troubleTickets' | 'serviceInventory' | 'eventSubscriptions' | 'clock'>,
) {
  const { troubleTickets, serviceInventory: services, eventSubscriptions, clock } = ports;
  const moved = troubleTicketEvent('TroubleTicketStatusChangeEvent');
  const noted = troubleTicketEvent('TroubleTicketAttributeValueChangeEvent');
  const waking = <T>(changes: () => Promise<T>) => wakingDelivery(eventSubscriptions, TROUBLE_TICKET_API, changes);
  return defineProcessHandlers(
    {
      etomId: '1.A.1.6.4',
      handlers: {
        resolve: { input: ResolveInput, output: CloseOutput },
        cancel: { input: CancelInput, output: CloseOutput },
        conclude: { input: ConcludeInput, output: CloseOutput },
      },
    },
    {
      resolve: (input, call) =>
        waking(async () => {
          const key = call.idempotencyKey;
          const t = await mustTicket(troubleTickets, input.ticketId);
          await troubleTickets.update(`${key}/resolution`, t.id, { resolution: input.resolution });
          const resolved = await troubleTickets.transition(
            `${key}/resolved`,
            t.id,
            'resolved',
            input.resolution,
            moved,
          );
          return { ticket: ticketView(resolved), restorationMinutes: null, slaMet: null };
        }),
      cancel: (input, call) =>
        waking(async () => {
          const t = await mustTicket(troubleTickets, input.ticketId);
          const cancelled =
            t.state === 'cancelled'
              ? t
              : await troubleTickets.transition(
                  `${call.idempotencyKey}/cancelled`,
                  t.id,
                  'cancelled',
                  `cancelled by the customer: ${input.reason}`,
                  moved,
                );
          return { ticket: ticketView(cancelled), restorationMinutes: null, slaMet: null };
        }),
      conclude: (input, call) =>
        waking(async () => {
          const key = call.idempotencyKey;
          const t = await mustTicket(troubleTickets, input.ticketId);
          const feedback = input.answered
            ? `customer ${input.satisfied ? 'satisfied' : 'NOT satisfied'}${input.comment ? `: ${input.comment}` : ''}`
            : 'no answer from the customer within the wait: resolution accepted';
          await troubleTickets.addNote(`${key}/feedback`, t.id, '1.A.1.6.4', feedback, noted);
          if (!input.satisfied) {
            const reopened = await troubleTickets.transition(`${key}/reopen`, t.id, 'inProgress', feedback, moved);
            return { ticket: ticketView(reopened), restorationMinutes: null, slaMet: null };
          }
          if (t.state !== 'resolved' && t.state !== 'closed') {
            return reject(
              BusinessErrorType.InvalidStateTransition,
              `trouble ticket ${t.id} is ${t.state}, not resolved`,
            );
          }
          const resolvedAt = t.resolvedAt ?? clock().toISOString();
          const restorationMinutes = Math.max(
            0,
            Math.round((Date.parse(resolvedAt) - Date.parse(t.createdAt)) / 60_000),
          );
          const service = t.serviceId ? await services.getService(t.serviceId) : undefined;
          const restoreHours = (service?.assurance as { sla?: { restoreHours?: number } } | null)?.sla?.restoreHours;
          const slaMet = restoreHours === undefined ? null : restorationMinutes <= restoreHours * 60;
          if (slaMet !== null) await troubleTickets.update(`${key}/sla`, t.id, { slaMet });
          const closed = await troubleTickets.transition(
            `${key}/closed`,
            t.id,
            'closed',
            slaMet === null
              ? 'closed with the customer'
              : `closed with the customer: restored in ${restorationMinutes} min, ${slaMet ? 'within' : 'beyond'} the SLA's ${restoreHours} h`,
            moved,
          );
          return { ticket: ticketView(closed), restorationMinutes, slaMet };
        }),
    },
  );
}
