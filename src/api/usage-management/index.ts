import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { UsageRecordState } from '../../domain/billing/usage';
import { usageEvent } from '../../events/usage-events';
import { wakeDeliveryFromApi } from '../../events/wake-from-api';
import type { Ports } from '../../ports';
import { orderCollection } from '../collection';
import { absoluteHrefs } from '../inventory/absolute-hrefs';
import { memoryCollection } from '../inventory/in-memory';
import { allowed, dateBounds } from '../listing';
import { validBody } from '../routes';
import type { TmfSpec } from '../spec';
import { fromRecord, USAGE_API, USAGE_MANAGEMENT_SPEC, usageHref } from './representation';
import { toSubmission, type UsageBody } from './request';
import { fromUsageType, usageTypes } from './specification';

export { USAGE_MANAGEMENT_SPEC };

export interface UsageManagementOptions {
  client: Client;
  ports: Pick<Ports, 'usage' | 'productOrders' | 'customerManagement' | 'eventSubscriptions' | 'clock'>;
  spec: TmfSpec;
  taskQueuePrefix?: string;
}

const FILTERS = {
  id: 'string',
  status: 'string',
  usageType: 'string',
  'relatedParty.id': 'string',
  usageDate: 'date',
} as const;

/**
 * TMF635 Usage Management: usage an external system (a partner's platform, a mediation
 * front end) feeds into the usage-to-bill flow. A posted record is stored where the network
 * elements' records wait for Collect Resource Data (1.AB.3.5.1), on the element that meters the
 * product's service, so the next collection takes it exactly once; Process Resource Data
 * (1.AB.3.5.2), mediation (1.B.2.5.1) and rating (1.B.2.5.2) then treat it as one of the
 * network's. GET shows where it stands (status: the store's own states) and, once rated, its
 * charge. The list shows the records received through this API, not the network's millions.
 * /usageSpecification lists the usage types the tariffs rate, read only. Events: UsageCreateEvent
 * on receipt (its listeners' deliveries woken from here), UsageStateChangeEvent once rated or
 * rejected, stored by the usage store itself (delivered when the delivery's idle timer looks).
 */
export async function usageManagement(app: FastifyInstance, opts: UsageManagementOptions): Promise<void> {
  const { spec, ports } = opts;
  // TMF635 declares its hrefs `format: uri`: a path alone is not one.
  absoluteHrefs(app);

  orderCollection(app, {
    spec,
    collection: 'usage',
    definition: 'Usage',
    filters: FILTERS,
    async search(query) {
      const page = await ports.usage.searchSubmitted({
        ids: allowed(query.filters, 'id'),
        states: allowed(query.filters, 'status') as UsageRecordState[] | undefined,
        usageTypes: allowed(query.filters, 'usageType'),
        customerIds: allowed(query.filters, 'relatedParty.id'),
        dates: dateBounds(query.filters, { usageDate: 'usageDate' } as const),
        offset: query.offset,
        limit: query.limit,
      });
      return { total: page.total, resources: page.usages.map((u) => fromRecord(spec, u)) };
    },
    async read(id) {
      const u = await ports.usage.submitted(id);
      return u && fromRecord(spec, u);
    },
    async create(request, reply) {
      const body = validBody<UsageBody>(spec, 'Usage_Create', request.body);
      const submission = await toSubmission(body, ports);
      // The same record posted again is the one record: answered where it is, nothing written.
      const { usage, created } = await ports.usage.receive(submission, ports.clock().toISOString(), usageEvent);
      // Its UsageCreateEvent is stored; no process runs yet to wake its listeners' deliveries.
      if (created)
        await wakeDeliveryFromApi(opts.client, ports.eventSubscriptions, USAGE_API, opts.taskQueuePrefix, request.log);
      return reply.code(201).header('Location', usageHref(usage.id)).send(fromRecord(spec, usage));
    },
  });

  memoryCollection(app, {
    spec,
    collection: 'usageSpecification',
    definition: 'UsageSpecification',
    filters: { id: 'string', name: 'string' },
    list: async () => usageTypes(await ports.usage.tariffs()),
    get: async (id) => usageTypes(await ports.usage.tariffs()).find((u) => u.usageType === id),
    attribute: (u, name) => (name === 'id' || name === 'name' ? u.usageType : undefined),
    shown: (u) => fromUsageType(spec, u),
  });
}
