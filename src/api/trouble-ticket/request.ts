import { TroubleTicketRequest, type TroubleTicketRequestInput, type Urgency } from '../../domain/assurance/messages';
import type { AssuranceTimingsInput } from '../../domain/assurance/timings';
import { ApiError } from '../errors';
import { customerOf, type Ref } from '../order-request';

/** A TMF621 TroubleTicket_Create, already valid against the specification. */
export interface TroubleTicketBody {
  externalId?: string;
  description: string;
  severity: string;
  ticketType: string;
  relatedParty?: Ref[];
  relatedEntity?: Ref[];
  [attribute: string]: unknown;
}

/** TMF621 leaves severity open ("Critical, Major, Minor…"): the words read as an urgency. */
const SEVERITY: Record<string, Urgency> = {
  critical: 'critical',
  major: 'high',
  high: 'high',
  minor: 'medium',
  medium: 'medium',
  warning: 'low',
  low: 'low',
};

/** The entity of a type among the related entities, by its @referredType (or its role). */
const entityOf = (entities: readonly Ref[] | undefined, type: string) =>
  entities?.find((e) => e['@referredType'] === type || e.role?.toLowerCase().includes(type.toLowerCase()))?.id;

/**
 * A TMF621 ticket as Problem Handling (1.A.1.6) takes it: the customer's report, for the
 * customer among the related parties, about the service (or product) among the related
 * entities, at the urgency its severity says. What cannot be put that way (no customer, a
 * severity that is no urgency) is a 422 and starts nothing: the body is valid, but no process
 * here could run it. A report matching no active service is Problem Handling's to reject.
 */
export function toTroubleTicketRequest(
  id: string,
  body: TroubleTicketBody,
  timings: AssuranceTimingsInput | undefined,
): TroubleTicketRequestInput {
  const problems: string[] = [];
  const urgency = SEVERITY[body.severity.toLowerCase()];
  if (!urgency) problems.push(`/severity: one of ${Object.keys(SEVERITY).join(', ')}`);
  const request: TroubleTicketRequestInput = {
    ticketId: id,
    origin: 'customer',
    customerId: customerOf(body.relatedParty) ?? '',
    ...(entityOf(body.relatedEntity, 'Service') ? { serviceId: entityOf(body.relatedEntity, 'Service') } : {}),
    ...(entityOf(body.relatedEntity, 'Product') ? { productId: entityOf(body.relatedEntity, 'Product') } : {}),
    description: body.description,
    urgency: urgency ?? 'medium',
    timings: timings ?? {},
  };
  const parsed = TroubleTicketRequest.safeParse(request);
  if (!parsed.success) {
    const where: Record<string, string> = {
      customerId: '/relatedParty',
      serviceId: '/relatedEntity',
      productId: '/relatedEntity',
    };
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      problems.push(`${where[key] ?? `/${key}`}: ${issue.message}`);
    }
  }
  if (problems.length)
    throw new ApiError(422, 'UNPROCESSABLE_TICKET', 'Not a trouble this operator can handle', problems.join('; '));
  return request;
}
