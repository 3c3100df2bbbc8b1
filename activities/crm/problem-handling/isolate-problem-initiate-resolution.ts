import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { TroubleTicketRequest } from '../../../src/domain/assurance/messages';
import { AssuranceTimings } from '../../../src/domain/assurance/timings';
import { TicketView } from '../../../src/domain/assurance/trouble-ticket-view';
import { TROUBLE_TICKET_API, troubleTicketEvent } from '../../../src/events/trouble-ticket-events';
import { wakingDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import type { TroubleTicket } from '../../../src/ports/trouble-tickets';
import { mustTicket, ticketView } from './ticket';

const Id = z.string().min(1);

/** A report arrives (a customer's call, or SM&O's proactive notice): record it, find the service, start work. */
export const IsolateReportInput = z.object({ request: TroubleTicketRequest, workflowId: Id });
/** The customer was not satisfied: a new diagnosis, under a new service problem. */
export const ReinitiateInput = z.object({ ticketId: Id, serviceProblemId: Id });
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

/**
 * 1.A.1.6.1 — record and analyse the report, find the service concerned and whether the
 * problem is already known (an open ticket on the same service with a service problem
 * behind it: the report is linked to it, no second diagnosis); else start the resolution.
 */
export function createIsolateProblemAndInitiateResolution(
  ports: Pick<Ports, 'troubleTickets' | 'serviceInventory' | 'productOrders' | 'eventSubscriptions'>,
) {
  const { troubleTickets, serviceInventory: services, productOrders, eventSubscriptions } = ports;
  const created = troubleTicketEvent('TroubleTicketCreateEvent');
  const moved = troubleTicketEvent('TroubleTicketStatusChangeEvent');
  const noted = troubleTicketEvent('TroubleTicketAttributeValueChangeEvent');

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

  return defineProcessHandlers(
    {
      etomId: '1.A.1.6.1',
      handlers: {
        isolate: { input: IsolateReportInput, output: IsolateOutput },
        reinitiate: { input: ReinitiateInput, output: IsolateOutput },
      },
    },
    {
      isolate: (input, call) =>
        wakingDelivery(eventSubscriptions, TROUBLE_TICKET_API, async () => {
          const key = call.idempotencyKey;
          const req = input.request;
          const service = await serviceOf(req.customerId, req.serviceId, req.productId);
          const recorded = await troubleTickets.record(
            `${key}/record`,
            {
              id: req.ticketId,
              origin: req.origin,
              customerId: req.customerId,
              serviceId: service?.id ?? req.serviceId ?? null,
              productId: req.productId ?? null,
              description: req.description,
              urgency: req.urgency,
              workflowId: input.workflowId,
              serviceProblemId: req.serviceProblem?.serviceProblemId ?? null,
            },
            created,
          );
          const out = (ticket: TroubleTicket, more: Partial<IsolateOutput> = {}) => ({
            ticket: ticketView(ticket),
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
              moved,
            );
            return out(rejected);
          }
          if (req.origin === 'network') {
            return out(
              await troubleTickets.transition(
                `${key}/inProgress`,
                recorded.id,
                'inProgress',
                'proactive notice from SM&O',
                moved,
              ),
            );
          }

          const known = (await troubleTickets.openOnService(service.id)).find(
            (t) => t.id !== recorded.id && t.serviceProblemId && t.workflowId && t.linkedTo === null,
          );
          if (known?.serviceProblemId && known.workflowId) {
            await troubleTickets.link(`${key}/link`, recorded.id, known.id, 'isDuplicateOf');
            await troubleTickets.link(`${key}/backlink`, known.id, recorded.id, 'hasDuplicate');
            await troubleTickets.addNote(
              `${key}/known`,
              known.id,
              '1.A.1.6.1',
              `also reported by ticket ${recorded.id}`,
              noted,
            );
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
              moved,
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
            moved,
          );
          return out(started, { startServiceProblem: serviceProblemId });
        }),
      reinitiate: (input, call) =>
        wakingDelivery(eventSubscriptions, TROUBLE_TICKET_API, async () => {
          const key = call.idempotencyKey;
          const t = await mustTicket(troubleTickets, input.ticketId);
          if (t.state !== 'inProgress') {
            return reject(
              BusinessErrorType.InvalidStateTransition,
              `trouble ticket ${t.id} is ${t.state}, not reopened`,
            );
          }
          const updated = await troubleTickets.update(`${key}/sp`, t.id, {
            serviceProblemId: input.serviceProblemId,
            linkedTo: null,
            estimatedRestoration: null,
            resolution: null,
          });
          await troubleTickets.addNote(
            `${key}/note`,
            t.id,
            '1.A.1.6.1',
            `new diagnosis: ${input.serviceProblemId}`,
            noted,
          );
          return {
            ticket: ticketView(updated),
            region: null,
            known: null,
            startServiceProblem: input.serviceProblemId,
            timings: null,
          };
        }),
    },
  );
}
