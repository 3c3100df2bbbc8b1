import { ServiceProblemRequest, type ServiceProblemRequestInput, type Urgency } from '../../domain/assurance/messages';
import type { AssuranceTimingsInput } from '../../domain/assurance/timings';
import { ApiError } from '../errors';
import type { Ref } from '../order-request';

/** A TMF656 ServiceProblem_Create, already valid against the specification. */
export interface ServiceProblemBody {
  category: string;
  priority: number;
  description: string;
  reason: string;
  originatorParty: Ref;
  affectedService?: Ref[];
  externalIdentifier?: Array<{ id?: string }>;
  [attribute: string]: unknown;
}

/** TMF656 priority, 1 the most urgent (0 and below read as 1, 4 and beyond as 4). */
const urgencyOf = (priority: number): Urgency =>
  priority <= 1 ? 'critical' : priority === 2 ? 'high' : priority === 3 ? 'medium' : 'low';

/**
 * A problem an external system reports (an assurance probe, a partner's monitoring) as
 * Service Problem Management (1.A.2.3) takes it: the service found degraded, with no customer
 * ticket or resource trouble behind it yet — the `quality` origin, which SM&O evaluates,
 * diagnoses and restores like any other. The customer is the service's own, from the
 * inventory. One affected service per problem (SM&O runs one workflow per service): what
 * cannot be put that way is a 422 and starts nothing.
 */
export function toServiceProblemRequest(
  id: string,
  body: ServiceProblemBody,
  service: { customerId: string } | undefined,
  timings: AssuranceTimingsInput | undefined,
): ServiceProblemRequestInput {
  const problems: string[] = [];
  const services = body.affectedService ?? [];
  if (services.length !== 1) problems.push('/affectedService: one affected service per service problem');
  else if (!service) problems.push(`/affectedService/0/id: no service ${services[0]!.id}`);
  const request: ServiceProblemRequestInput = {
    serviceProblemId: id,
    origin: 'quality',
    serviceId: services[0]?.id ?? '',
    customerId: service?.customerId ?? '',
    description: body.description,
    urgency: urgencyOf(body.priority),
    timings: timings ?? {},
  };
  if (!problems.length) {
    const parsed = ServiceProblemRequest.safeParse(request);
    if (!parsed.success)
      for (const issue of parsed.error.issues) problems.push(`/${issue.path.join('/')}: ${issue.message}`);
  }
  if (problems.length)
    throw new ApiError(422, 'UNPROCESSABLE_PROBLEM', 'Not a problem this operator can work', problems.join('; '));
  return request;
}
