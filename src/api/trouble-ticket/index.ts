import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Urgency } from '../../domain/assurance/messages';
import type { TroubleTicketState } from '../../domain/assurance/states';
import type { AssuranceTimingsInput } from '../../domain/assurance/timings';
import { taskQueueFor } from '../../layers';
import type { Ports } from '../../ports';
import type { TroubleTicket } from '../../ports/trouble-tickets';
import { getTroubleTicketQuery } from '../../../workflows/shared/assurance-messages';
import type { troubleTicket } from '../../../workflows/crm/problem-handling';
import { orderCollection } from '../collection';
import { ApiError } from '../errors';
import { allowed, dateBounds } from '../listing';
import { orderIdFor } from '../order-request';
import type { Filter } from '../query';
import { validBody } from '../routes';
import type { TmfSpec } from '../spec';
import { changeTicket, type TroubleTicketPatch } from './changes';
import { fromRecord, troubleTicketHref } from './representation';
import { type AssuranceWorkflow, openOnce, unrecorded } from './unrecorded';
import { toTroubleTicketRequest, type TroubleTicketBody } from './request';

export const TROUBLE_TICKET_SPEC = 'TMF621-TroubleTicket-v4.0.0.swagger.json';

export interface TroubleTicketOptions {
  client: Client;
  ports: Pick<Ports, 'troubleTickets' | 'customerManagement' | 'clock'>;
  spec: TmfSpec;
  taskQueuePrefix?: string;
  assuranceTimings?: AssuranceTimingsInput;
}

const FILTERS = {
  id: 'string',
  status: 'string',
  severity: 'string',
  'relatedParty.id': 'string',
  creationDate: 'date',
  lastUpdate: 'date',
  resolutionDate: 'date',
} as const;
const DATE_FIELDS = { creationDate: 'createdAt', lastUpdate: 'updatedAt', resolutionDate: 'resolvedAt' } as const;

const toSearch = (filters: Filter[]) => ({
  ids: allowed(filters, 'id'),
  states: allowed(filters, 'status') as TroubleTicketState[] | undefined,
  urgencies: allowed(filters, 'severity') as Urgency[] | undefined,
  customerIds: allowed(filters, 'relatedParty.id'),
  dates: dateBounds(filters, DATE_FIELDS),
});

/**
 * TMF621 Trouble Ticket: the customers' tickets of CRM Problem Handling (1.A.1.6). A ticket
 * posted here is a customer's report: it starts `troubleTicket` on CRM's queue under the
 * ticket's id, which isolates the problem and hands it to SM&O. The customer cancels it, or
 * confirms its resolution, by PATCHing its status.
 */
export async function troubleTicketApi(app: FastifyInstance, opts: TroubleTicketOptions): Promise<void> {
  const { spec, ports, client } = opts;
  const crmQueue = taskQueueFor('crm', opts.taskQueuePrefix);
  const tickets = ports.troubleTickets;
  const workflow: AssuranceWorkflow = {
    type: 'troubleTicket',
    taskQueue: crmQueue,
    definition: 'TroubleTicket',
    href: troubleTicketHref,
    query: getTroubleTicketQuery,
  };

  const shown = async (t: TroubleTicket) =>
    fromRecord(spec, t, {
      notes: await tickets.notes(t.id),
      links: await tickets.links(t.id),
      history: await tickets.history(t.id),
    });

  /** The store is the record once Problem Handling has recorded the ticket; before that, its workflow answers. */
  async function read(id: string) {
    const recorded = await tickets.get(id);
    if (recorded) return shown(recorded);
    return unrecorded(client, spec, workflow, id);
  }

  orderCollection(app, {
    spec,
    collection: 'troubleTicket',
    definition: 'TroubleTicket',
    filters: FILTERS,
    async search(query) {
      const page = await tickets.search({ ...toSearch(query.filters), offset: query.offset, limit: query.limit });
      return { total: page.total, resources: await Promise.all(page.orders.map(shown)) };
    },
    read,
    async create(request, reply) {
      const body = validBody<TroubleTicketBody>(spec, 'TroubleTicket_Create', request.body);
      const id = orderIdFor(body, 'TT');
      const started = toTroubleTicketRequest(id, body, opts.assuranceTimings);
      // Problem Handling looks for the customer's services: one CRM does not know is refused
      // here, before any work.
      if (!(await ports.customerManagement.getCustomer(started.customerId)))
        throw new ApiError(
          422,
          'UNPROCESSABLE_TICKET',
          'Not a trouble this operator can handle',
          `/relatedParty: no customer ${started.customerId}`,
        );
      // The same ticket posted again is the one ticket: answered where it is, nothing new started.
      const known = await tickets.get(id);
      const ticket = await openOnce<typeof troubleTicket>(client, spec, workflow, {
        id,
        args: [started],
        body,
        at: ports.clock().toISOString(),
        recorded: known && (await shown(known)),
      });
      return reply.code(201).header('Location', ticket.href).send(ticket);
    },
    async patch(request) {
      const { id } = request.params as { id: string };
      const ticket = await read(id);
      if (!ticket) throw ApiError.notFound(`no troubleTicket ${id}`);
      const body = validBody<TroubleTicketPatch>(spec, 'TroubleTicket_Update', request.body);
      await changeTicket(client, ports, { id, status: String(ticket['status']) }, body);
      return (await read(id))!;
    },
  });
}
