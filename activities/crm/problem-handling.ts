import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { ServiceProblemUpdate, TroubleTicketRequest, type Urgency } from '../../src/domain/assurance/messages';
import { TroubleTicketState } from '../../src/domain/assurance/states';
import { AssuranceTimings } from '../../src/domain/assurance/timings';
import type { Ports } from '../../src/ports';
import type { TroubleTicket } from '../../src/ports/trouble-tickets';

/**
 * Problem Handling (1.A.1.6): the customer's side of a trouble. The ticket (TMF621) is CRM's;
 * the service problem behind it is SM&O's, reached only through the workflow (child or signal).
 */

const Id = z.string().min(1);

export const TicketView = z.object({
  ticketId: Id,
  origin: z.enum(['customer', 'network']),
  customerId: Id,
  state: TroubleTicketState,
  serviceId: Id.nullable(),
  serviceProblemId: Id.nullable(),
  linkedTo: Id.nullable(),
  estimatedRestoration: z.iso.datetime().nullable(),
  escalated: z.boolean(),
  urgency: z.enum(['critical', 'high', 'medium', 'low']),
  reopened: z.number().int().nonnegative(),
  resolution: z.string().nullable(),
  slaMet: z.boolean().nullable(),
});
export type TicketView = z.infer<typeof TicketView>;

const view = (t: TroubleTicket): TicketView => ({
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

export const IsolateInput = z.discriminatedUnion('action', [
  /** A report arrives (a customer's call, or SM&O's proactive notice): record it, find the service, start work. */
  z.object({ action: z.literal('isolate'), request: TroubleTicketRequest, workflowId: Id }),
  /** The customer was not satisfied: a new diagnosis, under a new service problem. */
  z.object({ action: z.literal('reinitiate'), ticketId: Id, serviceProblemId: Id }),
]);
export type IsolateInput = z.input<typeof IsolateInput>;
export const IsolateOutput = z.object({
  ticket: TicketView,
  region: Id.nullable(),
  /** The problem was already known: the open ticket this report is linked to, and its workflow. */
  known: z.object({ ticketId: Id, serviceProblemId: Id, workflowId: Id }).nullable(),
  /** The service problem SM&O is to open for this ticket (null when linked, proactive or rejected). */
  startServiceProblem: Id.nullable(),
  timings: AssuranceTimings.nullable(),
});
export type IsolateOutput = z.output<typeof IsolateOutput>;

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

export const TrackInput = z.discriminatedUnion('action', [
  /** SM&O moved on: keep the ticket in step (state, estimate, what was done). */
  z.object({ action: z.literal('update'), ticketId: Id, update: ServiceProblemUpdate }),
  /** Restoration is in jeopardy: escalate the ticket. */
  z.object({ action: z.literal('escalate'), ticketId: Id, reason: z.string().min(1) }),
  /**
   * A report linked to a known ticket hears SM&O through that ticket; when it has heard nothing
   * for a while it reads how the known ticket stands, so no relay lost on the way leaves it open.
   */
  z.object({ action: z.literal('followLinked'), ticketId: Id }),
]);
export type TrackInput = z.input<typeof TrackInput>;
export const TrackOutput = z.object({
  ticket: TicketView,
  escalatedNow: z.boolean(),
  /** followLinked: the outcome of the known ticket, as SM&O's update would have said it; else null. */
  update: ServiceProblemUpdate.nullable().default(null),
});

export const CloseInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('resolve'), ticketId: Id, resolution: z.string().min(1) }),
  /** The customer withdrew the report before it was resolved (TMF621 `cancelled`). */
  z.object({ action: z.literal('cancel'), ticketId: Id, reason: z.string().min(1) }),
  /** The customer's answer (silence within the wait counts as satisfied). */
  z.object({
    action: z.literal('conclude'),
    ticketId: Id,
    satisfied: z.boolean(),
    comment: z.string().default(''),
    answered: z.boolean(),
  }),
]);
export type CloseInput = z.input<typeof CloseInput>;
export const CloseOutput = z.object({
  ticket: TicketView,
  /** Minutes from the report to the resolution, and whether that was within the SLA's restore time. */
  restorationMinutes: z.number().int().nonnegative().nullable(),
  slaMet: z.boolean().nullable(),
});

const HIGHER: Record<Urgency, Urgency> = { low: 'medium', medium: 'high', high: 'critical', critical: 'critical' };
const FINISHED: readonly string[] = ['resolved', 'closed', 'cancelled', 'rejected'];

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

export function createProblemHandlingActivities(
  ports: Pick<
    Ports,
    'troubleTickets' | 'serviceInventory' | 'productOrders' | 'customerManagement' | 'notifications' | 'clock'
  >,
) {
  const {
    troubleTickets,
    serviceInventory: services,
    productOrders,
    customerManagement: customers,
    notifications,
    clock,
  } = ports;

  const ticketOf = async (id: string) =>
    (await troubleTickets.get(id)) ?? reject(BusinessErrorType.NotFound, `no trouble ticket ${id}`);

  /** The customer's service the report is about: named, through its product, or their only active one. */
  async function serviceOf(customerId: string, serviceId?: string, productId?: string) {
    if (serviceId) {
      const s = await services.getService(serviceId);
      return s?.customerId === customerId ? s : undefined;
    }
    const products = (await productOrders.productsOf(customerId)).filter(
      (p) => p.status === 'active' && (!productId || p.id === productId),
    );
    for (const p of products) {
      for (const id of p.serviceIds) {
        const s = await services.getService(id);
        if (s?.state === 'active') return s;
      }
    }
    return undefined;
  }

  /**
   * 1.A.1.6.1 — record and analyse the report, find the service concerned and whether the
   * problem is already known (an open ticket on the same service with a service problem
   * behind it: the report is linked to it, no second diagnosis); else start the resolution.
   */
  const isolateProblemAndInitiateResolution = defineProcess(
    { etomId: '1.A.1.6.1', input: IsolateInput, output: IsolateOutput },
    async (input, call) => {
      const key = call.idempotencyKey;
      if (input.action === 'reinitiate') {
        const t = await ticketOf(input.ticketId);
        if (t.state !== 'inProgress') {
          return reject(BusinessErrorType.InvalidStateTransition, `trouble ticket ${t.id} is ${t.state}, not reopened`);
        }
        const updated = await troubleTickets.update(`${key}/sp`, t.id, {
          serviceProblemId: input.serviceProblemId,
          linkedTo: null,
          estimatedRestoration: null,
          resolution: null,
        });
        await troubleTickets.addNote(`${key}/note`, t.id, '1.A.1.6.1', `new diagnosis: ${input.serviceProblemId}`);
        return {
          ticket: view(updated),
          region: null,
          known: null,
          startServiceProblem: input.serviceProblemId,
          timings: null,
        };
      }

      const req = input.request;
      const service = await serviceOf(req.customerId, req.serviceId, req.productId);
      const recorded = await troubleTickets.record(`${key}/record`, {
        id: req.ticketId,
        origin: req.origin,
        customerId: req.customerId,
        serviceId: service?.id ?? req.serviceId ?? null,
        productId: req.productId ?? null,
        description: req.description,
        urgency: req.urgency,
        workflowId: input.workflowId,
        serviceProblemId: req.serviceProblem?.serviceProblemId ?? null,
      });
      const out = (ticket: TroubleTicket, more: Partial<IsolateOutput> = {}) => ({
        ticket: view(ticket),
        region: service?.region ?? null,
        known: null,
        startServiceProblem: null,
        timings: req.timings,
        ...more,
      });
      if (!service) {
        const rejected = await troubleTickets.transition(
          `${key}/rejected`,
          recorded.id,
          'rejected',
          `no active service of ${req.customerId} matches the report`,
        );
        return out(rejected);
      }
      if (req.origin === 'network') {
        return out(
          await troubleTickets.transition(`${key}/inProgress`, recorded.id, 'inProgress', 'proactive notice from SM&O'),
        );
      }

      const known = (await troubleTickets.openOnService(service.id)).find(
        (t) => t.id !== recorded.id && t.serviceProblemId && t.workflowId && t.linkedTo === null,
      );
      if (known?.serviceProblemId && known.workflowId) {
        await troubleTickets.link(`${key}/link`, recorded.id, known.id, 'isDuplicateOf');
        await troubleTickets.link(`${key}/backlink`, known.id, recorded.id, 'hasDuplicate');
        await troubleTickets.addNote(`${key}/known`, known.id, '1.A.1.6.1', `also reported by ticket ${recorded.id}`);
        await troubleTickets.update(`${key}/linked`, recorded.id, {
          linkedTo: known.id,
          serviceProblemId: known.serviceProblemId,
          estimatedRestoration: known.estimatedRestoration,
        });
        const linked = await troubleTickets.transition(
          `${key}/inProgress`,
          recorded.id,
          'inProgress',
          `already known: linked to ${known.id} (service problem ${known.serviceProblemId})`,
        );
        return out(linked, {
          known: { ticketId: known.id, serviceProblemId: known.serviceProblemId, workflowId: known.workflowId },
        });
      }

      const serviceProblemId = `SP-${recorded.id}`;
      await troubleTickets.update(`${key}/sp`, recorded.id, { serviceProblemId });
      const started = await troubleTickets.transition(
        `${key}/inProgress`,
        recorded.id,
        'inProgress',
        `service problem ${serviceProblemId} requested from SM&O`,
      );
      return out(started, { startServiceProblem: serviceProblemId });
    },
  );

  /** 1.A.1.6.2 — tell the customer where their problem stands (and keep what was said on the ticket). */
  const reportProblem = defineProcess(
    { etomId: '1.A.1.6.2', input: ReportInput, output: ReportOutput },
    async (input, call) => {
      const t = await ticketOf(input.ticketId);
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
      await troubleTickets.addNote(`${call.idempotencyKey}/note`, t.id, '1.A.1.6.2', `${input.event}: ${input.detail}`);
      return { notificationId: n.id, recipient: n.recipient, subject };
    },
  );

  /**
   * 1.A.1.6.3 — follow the problem through its life: keep the ticket in step with SM&O's
   * updates, and escalate it when restoration is in jeopardy.
   */
  const trackAndManageProblem = defineProcess(
    { etomId: '1.A.1.6.3', input: TrackInput, output: TrackOutput },
    async (input, call) => {
      const key = call.idempotencyKey;
      const t = await ticketOf(input.ticketId);
      if (input.action === 'escalate') {
        if (FINISHED.includes(t.state) || t.escalatedAt) return { ticket: view(t), escalatedNow: false, update: null };
        const escalated = await troubleTickets.escalate(`${key}/escalate`, t.id, HIGHER[t.urgency], input.reason);
        return { ticket: view(escalated), escalatedNow: true, update: null };
      }
      if (input.action === 'followLinked') {
        const known = t.linkedTo ? await troubleTickets.get(t.linkedTo) : undefined;
        const ended =
          known?.state === 'resolved' || known?.state === 'closed'
            ? ('resolved' as const)
            : known?.state === 'cancelled' || known?.state === 'rejected'
              ? ('cancelled' as const)
              : null;
        return {
          ticket: view(t),
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
      }
      const u = input.update;
      await troubleTickets.addNote(`${key}/note`, t.id, u.process, `${u.serviceProblemId} ${u.state}: ${u.detail}`);
      let ticket = t;
      if (u.estimatedRestoration && u.estimatedRestoration !== t.estimatedRestoration) {
        ticket = await troubleTickets.update(`${key}/eta`, t.id, { estimatedRestoration: u.estimatedRestoration });
      }
      if (ticket.state === 'acknowledged' || ticket.state === 'pending' || ticket.state === 'held') {
        ticket = await troubleTickets.transition(`${key}/inProgress`, t.id, 'inProgress', u.detail);
      }
      return { ticket: view(ticket), escalatedNow: false, update: null };
    },
  );

  /**
   * 1.A.1.6.4 — close the problem: resolved, then the customer says whether satisfied; closed
   * with the SLA outcome agreed (restored within the service's restore time), or reopened.
   * A customer may also withdraw an unresolved report: the ticket is cancelled.
   */
  const closeProblem = defineProcess(
    { etomId: '1.A.1.6.4', input: CloseInput, output: CloseOutput },
    async (input, call) => {
      const key = call.idempotencyKey;
      const t = await ticketOf(input.ticketId);
      if (input.action === 'resolve') {
        await troubleTickets.update(`${key}/resolution`, t.id, { resolution: input.resolution });
        const resolved = await troubleTickets.transition(`${key}/resolved`, t.id, 'resolved', input.resolution);
        return { ticket: view(resolved), restorationMinutes: null, slaMet: null };
      }
      if (input.action === 'cancel') {
        const cancelled =
          t.state === 'cancelled'
            ? t
            : await troubleTickets.transition(
                `${key}/cancelled`,
                t.id,
                'cancelled',
                `cancelled by the customer: ${input.reason}`,
              );
        return { ticket: view(cancelled), restorationMinutes: null, slaMet: null };
      }
      const feedback = input.answered
        ? `customer ${input.satisfied ? 'satisfied' : 'NOT satisfied'}${input.comment ? `: ${input.comment}` : ''}`
        : 'no answer from the customer within the wait: resolution accepted';
      await troubleTickets.addNote(`${key}/feedback`, t.id, '1.A.1.6.4', feedback);
      if (!input.satisfied) {
        const reopened = await troubleTickets.transition(`${key}/reopen`, t.id, 'inProgress', feedback);
        return { ticket: view(reopened), restorationMinutes: null, slaMet: null };
      }
      if (t.state !== 'resolved' && t.state !== 'closed') {
        return reject(BusinessErrorType.InvalidStateTransition, `trouble ticket ${t.id} is ${t.state}, not resolved`);
      }
      const resolvedAt = t.resolvedAt ?? clock().toISOString();
      const restorationMinutes = Math.max(0, Math.round((Date.parse(resolvedAt) - Date.parse(t.createdAt)) / 60_000));
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
      );
      return { ticket: view(closed), restorationMinutes, slaMet };
    },
  );

  return { isolateProblemAndInitiateResolution, reportProblem, trackAndManageProblem, closeProblem };
}
