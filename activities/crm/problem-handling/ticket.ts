import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { TicketView } from '../../../src/domain/assurance/trouble-ticket-view';
import type { Ports } from '../../../src/ports';
import type { TroubleTicket } from '../../../src/ports/trouble-tickets';

/** The ticket as the workflow sees it: what the customer and SM&O need, not its history. */
export const ticketView = (t: TroubleTicket): TicketView => ({
  ticketId: t.id,
  origin: t.origin,
  customerId: t.customerId,
  state: t.state,
  serviceId: t.serviceId,
  serviceProblemId: t.serviceProblemId,
  linkedTo: t.linkedTo,
  estimatedRestoration: t.estimatedRestoration,
  escalated: t.escalatedAt !== null,
  urgency: t.urgency,
  reopened: t.reopened,
  resolution: t.resolution,
  slaMet: t.slaMet,
});

/** The ticket a Problem Handling process works on; a missing one refuses the call. */
export const mustTicket = async (troubleTickets: Ports['troubleTickets'], id: string) =>
  (await troubleTickets.get(id)) ?? reject(BusinessErrorType.NotFound, `no trouble ticket ${id}`);
