import type { Urgency } from '../../domain/assurance/messages';
import type { ServiceProblem } from '../../ports/service-problems';
import { apiHref, defined, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';
import { ASSURANCE_APIS, troubleTicketHref } from '../trouble-ticket/representation';

export const serviceProblemHref = (id: string) => apiHref(ASSURANCE_APIS.serviceProblem, 'serviceProblem', id);

/** TMF656 priority is an integer, 1 the most urgent: the urgency the problem is worked at. */
export const PRIORITY: Record<Urgency, number> = { critical: 1, high: 2, medium: 3, low: 4 };

/** Why SM&O opened the problem, in the words of its origin. */
const REASON: Record<ServiceProblem['origin'], string> = {
  customer: 'a customer reported a trouble',
  resourceTrouble: 'a resource trouble affects the service',
  quality: 'the service’s quality was found degraded',
};

const problemRef = (id: string) => ({ id, href: serviceProblemHref(id), '@referredType': 'ServiceProblem' });

/**
 * A service problem as SM&O Service Problem Management (1.A.2.3) keeps it. TMF656
 * ServiceProblemStateType names the same eight states, so `status` is the stored state as is.
 * It links to the trouble tickets it serves (the customer's, or the notice SM&O opened for
 * the customer), the service, the root-cause resource and the problem it was correlated with.
 */
export function fromRecord(spec: TmfSpec, p: ServiceProblem, ticketIds: readonly string[], changedAt?: string) {
  return {
    id: p.id,
    href: serviceProblemHref(p.id),
    ...defined({
      category: p.origin,
      description: p.description,
      priority: PRIORITY[p.urgency],
      reason: REASON[p.origin],
      status: p.state,
      creationDate: p.createdAt,
      lastUpdate: p.updatedAt,
      statusChangeDate: changedAt,
      resolutionDate: p.restoredAt,
      affectedNumberOfServices: p.impact?.services.length,
      affectedService: [
        {
          id: p.serviceId,
          href: apiHref(ASSURANCE_APIS.service, 'service', p.serviceId),
          '@referredType': 'Service',
        },
      ],
      relatedParty: [{ id: p.customerId, role: 'customer', '@referredType': 'Customer' }],
      troubleTicket: ticketIds.length
        ? ticketIds.map((id) => ({ id, href: troubleTicketHref(id), '@referredType': 'TroubleTicket' }))
        : undefined,
      rootCauseResource: p.rootCause?.resourceId ? [{ id: p.rootCause.resourceId, '@referredType': 'Resource' }] : null,
      underlyingProblem: p.correlatedWith ? [problemRef(p.correlatedWith)] : null,
    }),
    ...typed(spec, 'ServiceProblem'),
  } satisfies Resource;
}
