import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { ServiceProblemState } from '../../domain/assurance/states';
import type { AssuranceTimingsInput } from '../../domain/assurance/timings';
import { taskQueueFor } from '../../layers';
import type { Ports } from '../../ports';
import type { ServiceProblem } from '../../ports/service-problems';
import { proactiveTroubleTicketId } from '../../../workflows/crm/problem-handling';
import { getServiceProblemQuery } from '../../../workflows/shared/assurance-messages';
import type { serviceProblem } from '../../../workflows/smo/service-problem-management';
import { orderCollection } from '../collection';
import { absoluteHrefs } from '../inventory/absolute-hrefs';
import { allowed, dateBounds } from '../listing';
import { orderIdFor } from '../order-request';
import type { Filter } from '../query';
import { validBody } from '../routes';
import type { TmfSpec } from '../spec';
import { type AssuranceWorkflow, openOnce, unrecorded } from '../trouble-ticket/unrecorded';
import { fromRecord, serviceProblemHref } from './representation';
import { type ServiceProblemBody, toServiceProblemRequest } from './request';

export const SERVICE_PROBLEM_SPEC = 'TMF656-ServiceProblemManagement-v4.0.0.swagger.json';

export interface ServiceProblemOptions {
  client: Client;
  ports: Pick<Ports, 'serviceProblems' | 'troubleTickets' | 'serviceInventory' | 'clock'>;
  spec: TmfSpec;
  taskQueuePrefix?: string;
  assuranceTimings?: AssuranceTimingsInput;
}

const FILTERS = {
  id: 'string',
  status: 'string',
  category: 'string',
  'relatedParty.id': 'string',
  'affectedService.id': 'string',
  'troubleTicket.id': 'string',
  creationDate: 'date',
  lastUpdate: 'date',
  resolutionDate: 'date',
} as const;
const DATE_FIELDS = { creationDate: 'createdAt', lastUpdate: 'updatedAt', resolutionDate: 'restoredAt' } as const;

const toSearch = (filters: Filter[]) => ({
  ids: allowed(filters, 'id'),
  states: allowed(filters, 'status') as ServiceProblemState[] | undefined,
  origins: allowed(filters, 'category') as ServiceProblem['origin'][] | undefined,
  customerIds: allowed(filters, 'relatedParty.id'),
  serviceIds: allowed(filters, 'affectedService.id'),
  troubleTicketIds: allowed(filters, 'troubleTicket.id'),
  dates: dateBounds(filters, DATE_FIELDS),
});

/**
 * TMF656 Service Problem Management: SM&O's service problems (1.A.2.3), those opened for a
 * customer's ticket, for a resource trouble or for degraded quality, each linked to the
 * trouble tickets it serves. A problem posted here is an external system's report of a
 * degraded service: it starts `serviceProblem` on SM&O's queue under the problem's id.
 */
export async function serviceProblemApi(app: FastifyInstance, opts: ServiceProblemOptions): Promise<void> {
  const { spec, ports, client } = opts;
  const smoQueue = taskQueueFor('smo', opts.taskQueuePrefix);
  const workflow: AssuranceWorkflow = {
    type: 'serviceProblem',
    taskQueue: smoQueue,
    definition: 'ServiceProblem',
    href: serviceProblemHref,
    query: getServiceProblemQuery,
  };
  // TMF656 declares its hrefs `format: uri`: a path alone is not one.
  absoluteHrefs(app);

  /** The problem with the tickets it serves: the customer's, and the notice SM&O opened for a network fault. */
  async function shown(p: ServiceProblem) {
    const notice = (await ports.troubleTickets.get(proactiveTroubleTicketId(p.id)))
      ? proactiveTroubleTicketId(p.id)
      : null;
    const tickets = [p.troubleTicketId, notice].filter((t): t is string => !!t);
    const history = await ports.serviceProblems.history(p.id);
    return fromRecord(spec, p, tickets, history.at(-1)?.at);
  }

  /** The store is the record once SM&O has recorded the problem; before that, its workflow answers. */
  async function read(id: string) {
    const recorded = await ports.serviceProblems.get(id);
    return recorded ? shown(recorded) : unrecorded(client, spec, workflow, id);
  }

  orderCollection(app, {
    spec,
    collection: 'serviceProblem',
    definition: 'ServiceProblem',
    filters: FILTERS,
    async search(query) {
      const page = await ports.serviceProblems.search({
        ...toSearch(query.filters),
        offset: query.offset,
        limit: query.limit,
      });
      return { total: page.total, resources: await Promise.all(page.orders.map(shown)) };
    },
    read,
    async create(request, reply) {
      const body = validBody<ServiceProblemBody>(spec, 'ServiceProblem_Create', request.body);
      const id = orderIdFor({ externalId: body.externalIdentifier?.[0]?.id }, 'SP');
      const serviceId = body.affectedService?.[0]?.id;
      const service = serviceId ? await ports.serviceInventory.getService(serviceId) : undefined;
      const started = toServiceProblemRequest(id, body, service, opts.assuranceTimings);
      // The same problem posted again is the one problem: answered where it is, nothing new started.
      const known = await ports.serviceProblems.get(id);
      const problem = await openOnce<typeof serviceProblem>(client, spec, workflow, {
        id,
        args: [started],
        body,
        at: ports.clock().toISOString(),
        recorded: known && (await shown(known)),
      });
      return reply.code(201).header('Location', problem.href).send(problem);
    },
  });
}
