import { z } from 'zod';
import type { SupplierProblemReport } from '../../domain/assurance/messages';
import type { SupplierReport } from '../../domain/fulfilment/partner-order';
import { PROBLEM_STATUS } from '../../adapters/http/partner-gateway';
import { requisitionIdOf } from '../../adapters/http/supplier-order-id';

/** A TMF630 hub notification, as a supplier's hub posts it to our listener. */
export const HubEvent = z.object({
  eventId: z.string().min(1).max(200),
  eventType: z.string().min(1).max(200),
  eventTime: z.string().optional(),
  fieldPath: z.string().max(500).optional(),
  event: z.record(z.string(), z.unknown()),
});
export type HubEvent = z.infer<typeof HubEvent>;

const Order = z.object({
  id: z.string().min(1),
  externalId: z.string().min(1).optional(),
  state: z.string().optional(),
  expectedCompletionDate: z.string().optional(),
});
const Ticket = z.object({
  id: z.string().min(1),
  externalId: z.string().min(1).optional(),
  status: z.string().optional(),
  statusChangeReason: z.string().optional(),
});

/** TMF622 order states → what the partner order hears (states still deciding say nothing). */
const ORDER_REPORT: Record<string, SupplierReport['kind']> = {
  acknowledged: 'acknowledged',
  inProgress: 'acknowledged',
  completed: 'delivered',
  rejected: 'rejected',
  failed: 'rejected',
  cancelled: 'cancelled',
};
/** TMF621 ticket statuses → what the partner problem hears, as the gateway reads them (closed is ours to decide). */
const TICKET_REPORT = Object.fromEntries(
  Object.entries(PROBLEM_STATUS).filter((e): e is [string, SupplierProblemReport['status']] => e[1] !== 'closed'),
);

/** What one supplier event means for us: a report to a partner order or problem, or nothing. */
export type SupplierSignal =
  | { to: 'partnerOrder'; id: string; report: SupplierReport }
  | { to: 'partnerProblem'; id: string; report: SupplierProblemReport }
  | { to: 'nobody'; why: string };

/**
 * Reads a supplier's TMF622 or TMF621 event as the report the partner workflows wait for: the
 * order's or ticket's `externalId` is our requisition or problem id (the HTTP gateway placed it
 * so); a new expected completion date is a delivery date change (unless the event's `fieldPath`
 * names another attribute: an item's state moving carries the date unchanged).
 */
export function signalOf(e: HubEvent, now: () => Date): SupplierSignal {
  const parsedTime = e.eventTime ? new Date(e.eventTime) : undefined;
  const at = (parsedTime && !Number.isNaN(parsedTime.getTime()) ? parsedTime : now()).toISOString();
  if (e.eventType.startsWith('ProductOrder')) {
    const order = Order.safeParse(e.event['productOrder']);
    if (!order.success || !order.data.externalId) return { to: 'nobody', why: 'no product order of ours' };
    const o = order.data;
    // The gateway placed it under our requisition id in the form the supplier takes ('/' as ':').
    const id = requisitionIdOf(o.externalId!);
    const base = { requisitionId: id, supplierReference: o.id, at, eventId: e.eventId };
    // The date changed, as the event's fieldPath says; a supplier that names no field: any date it carries.
    const aboutDate = !e.fieldPath || e.fieldPath.split(/[ ,;]/).includes('expectedCompletionDate');
    if (e.eventType === 'ProductOrderAttributeValueChangeEvent' && o.expectedCompletionDate && aboutDate)
      return {
        to: 'partnerOrder',
        id,
        report: { ...base, kind: 'deliveryDateChanged', deliveryDate: o.expectedCompletionDate, detail: e.eventType },
      };
    const kind = ORDER_REPORT[o.state ?? ''];
    if (!kind) return { to: 'nobody', why: `order state ${o.state ?? 'absent'} says nothing to S/PRM` };
    return {
      to: 'partnerOrder',
      id,
      report: {
        ...base,
        kind,
        ...(o.expectedCompletionDate ? { deliveryDate: o.expectedCompletionDate } : {}),
        detail: `${e.eventType}: ${o.state}`,
      },
    };
  }
  if (e.eventType.startsWith('TroubleTicket')) {
    const ticket = Ticket.safeParse(e.event['troubleTicket']);
    if (!ticket.success || !ticket.data.externalId) return { to: 'nobody', why: 'no trouble ticket of ours' };
    const t = ticket.data;
    const status = TICKET_REPORT[t.status ?? ''];
    if (!status) return { to: 'nobody', why: `ticket status ${t.status ?? 'absent'} says nothing to S/PRM` };
    return {
      to: 'partnerProblem',
      id: t.externalId!,
      report: {
        partnerProblemId: t.externalId!,
        supplierReference: t.id,
        status,
        detail: t.statusChangeReason ?? `${e.eventType}: ${t.status}`,
        at,
        eventId: e.eventId,
      },
    };
  }
  return { to: 'nobody', why: `${e.eventType} is not an event S/PRM follows` };
}

/**
 * A TMF622 or TMF621 event whose order or ticket carries no `externalId` (this project's own
 * API echoes none) read as naming our requisition or problem by its id, which is the external
 * id we placed it under; `ownId` says so, for one we do not know to be someone else's, not an
 * error. Without it, a ticket's resolution from another etom-temporal would reach the partner
 * problem only by polling.
 */
export function withOrderIdAsExternal(e: HubEvent): { event: HubEvent; ownId: boolean } {
  const key = e.eventType.startsWith('ProductOrder')
    ? 'productOrder'
    : e.eventType.startsWith('TroubleTicket')
      ? 'troubleTicket'
      : undefined;
  const named = key && (key === 'productOrder' ? Order : Ticket).safeParse(e.event[key]);
  if (!key || !named || !named.success || named.data.externalId) return { event: e, ownId: false };
  const entity = { ...(e.event[key] as object), externalId: named.data.id };
  return { event: { ...e, event: { ...e.event, [key]: entity } }, ownId: true };
}
