import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { TROUBLE_TICKET_API, troubleTicketEvent } from '../../../src/events/trouble-ticket-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { mustTicket } from './ticket';

const Id = z.string().min(1);

export const ReportEvent = z.enum([
  'acknowledged',
  'linked',
  'proactive',
  'progress',
  'escalated',
  'resolved',
  'closed',
  'reopened',
  'rejected',
  'cancelled',
]);
export const ReportInput = z.object({
  ticketId: Id,
  event: ReportEvent,
  detail: z.string(),
  estimatedRestoration: z.iso.datetime().nullable().default(null),
});
export type ReportInput = z.input<typeof ReportInput>;
export const ReportOutput = z.object({ notificationId: Id, recipient: z.string(), subject: z.string() });

const SUBJECTS: Record<z.infer<typeof ReportEvent>, string> = {
  acknowledged: 'we are on your reported problem',
  linked: 'we already know about this problem',
  proactive: 'a problem affects your service',
  progress: 'progress on your problem',
  escalated: 'your problem has been escalated',
  resolved: 'your problem is resolved: are you satisfied?',
  closed: 'your problem is closed',
  reopened: 'your problem has been reopened',
  rejected: 'we could not take your report',
  cancelled: 'your ticket is cancelled, as you asked',
};

/** 1.A.1.6.2 — tell the customer where their problem stands (and keep what was said on the ticket). */
export function createReportProblem(
  ports: Pick<Ports, 'troubleTickets' | 'customerManagement' | 'notifications' | 'eventSubscriptions'>,
) {
  const { troubleTickets, customerManagement: customers, notifications, eventSubscriptions } = ports;
  const noted = troubleTicketEvent('TroubleTicketAttributeValueChangeEvent');
  return defineProcess({ etomId: '1.A.1.6.2', input: ReportInput, output: ReportOutput }, async (input, call) => {
    const t = await mustTicket(troubleTickets, input.ticketId);
    const customer = await customers.getCustomer(t.customerId);
    const subject = `Ticket ${t.id}: ${SUBJECTS[input.event]}`;
    const eta = input.estimatedRestoration ? `\nWe expect your service back by ${input.estimatedRestoration}.` : '';
    const n = await notifications.send(`${call.idempotencyKey}/notify`, {
      recipient: customer?.email ?? t.customerId,
      channel: 'email',
      subject,
      body: `${input.detail}${eta}`,
      reference: t.id,
    });
    await troubleTickets.addNote(
      `${call.idempotencyKey}/note`,
      t.id,
      '1.A.1.6.2',
      `${input.event}: ${input.detail}`,
      noted,
    );
    await wakeEventDelivery(eventSubscriptions, TROUBLE_TICKET_API);
    return { notificationId: n.id, recipient: n.recipient, subject };
  });
}
