import type { TroubleTicket, TroubleTicketDetail, TroubleTicketLink } from '../../ports/trouble-tickets';
import { apiHref, defined, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

/** The APIs a ticket links to, by their names in the base path. */
export const ASSURANCE_APIS = {
  troubleTicket: 'troubleTicket',
  serviceProblem: 'serviceProblemManagement',
  service: 'serviceInventory',
} as const;

export const troubleTicketHref = (id: string) => apiHref(ASSURANCE_APIS.troubleTicket, 'troubleTicket', id);

/** What the store keeps of a ticket beyond its row: its notes, links and status history. */
export type TicketDetail = TroubleTicketDetail;

const customer = (id: string) => [{ id, role: 'customer', '@referredType': 'Customer' }];

/** The service (TMF638) and the service problem (TMF656) behind the ticket, by href. */
function relatedEntities(t: TroubleTicket) {
  const entities = [
    t.serviceId && {
      id: t.serviceId,
      href: apiHref(ASSURANCE_APIS.service, 'service', t.serviceId),
      role: 'affectedService',
      '@referredType': 'Service',
    },
    t.productId && { id: t.productId, role: 'affectedProduct', '@referredType': 'Product' },
    t.serviceProblemId && {
      id: t.serviceProblemId,
      href: apiHref(ASSURANCE_APIS.serviceProblem, 'serviceProblem', t.serviceProblemId),
      role: 'serviceProblem',
      '@referredType': 'ServiceProblem',
    },
  ].filter(Boolean);
  return entities.length ? entities : undefined;
}

/** The tickets this one is linked to: the one it duplicates (linkedTo), and every recorded link. */
function relationships(t: TroubleTicket, links: readonly TroubleTicketLink[]) {
  const all = [
    ...(t.linkedTo && !links.some((l) => l.relatedId === t.linkedTo)
      ? [{ relatedId: t.linkedTo, relationship: 'isDuplicateOf' }]
      : []),
    ...links,
  ];
  return all.length
    ? all.map((l) => ({ id: l.relatedId, href: troubleTicketHref(l.relatedId), relationshipType: l.relationship }))
    : undefined;
}

/**
 * A ticket as CRM Problem Handling (1.A.1.6) keeps it. Its states are TMF621's own
 * (TroubleTicketStatusType names the same eight), so `status` is the stored state as is;
 * `severity` is the urgency the ticket is worked at.
 */
export function fromRecord(spec: TmfSpec, t: TroubleTicket, d: TicketDetail): Resource {
  const last = d.history.at(-1);
  return {
    id: t.id,
    href: troubleTicketHref(t.id),
    ...defined({
      creationDate: t.createdAt,
      lastUpdate: t.updatedAt,
      description: t.description,
      severity: t.urgency,
      priority: t.urgency,
      ticketType: t.origin === 'network' ? 'networkProblemNotice' : 'customerTrouble',
      status: t.state,
      statusChangeDate: last?.at,
      statusChangeReason: last?.reason,
      expectedResolutionDate: t.estimatedRestoration,
      resolutionDate: t.resolvedAt,
      relatedParty: customer(t.customerId),
      relatedEntity: relatedEntities(t),
      troubleTicketRelationship: relationships(t, d.links),
      statusChange: d.history.length
        ? d.history.map((h) => defined({ status: h.to, changeDate: h.at, changeReason: h.reason }))
        : undefined,
      note: d.notes.length
        ? d.notes.map((n, i) => ({ id: String(i + 1), author: n.author, date: n.at, text: n.text }))
        : undefined,
    }),
    ...typed(spec, 'TroubleTicket'),
  };
}

/** A new ticket or problem, as it was posted: acknowledged, nothing done yet. */
export function fromRequest(
  spec: TmfSpec,
  definition: string,
  at: { id: string; href: string; date: string },
  body: Record<string, unknown>,
): Resource {
  const { id, href, date } = at;
  return {
    ...body,
    id,
    href,
    status: 'acknowledged',
    creationDate: date,
    lastUpdate: date,
    ...typed(spec, definition),
  };
}
