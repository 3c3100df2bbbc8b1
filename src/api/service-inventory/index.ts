import type { FastifyInstance } from 'fastify';
import type { ServiceState } from '../../domain/fulfilment/service-order';
import type { Ports } from '../../ports';
import type { ServiceRecord } from '../../ports/service-inventory';
import { absoluteHrefs } from '../inventory/absolute-hrefs';
import { storeCollection } from '../inventory/store-collection';
import { allowed, dateBounds } from '../listing';
import type { Filter } from '../query';
import type { TmfSpec } from '../spec';
import { fromRecord } from './representation';

/** The spec file this API follows. */
export const SERVICE_INVENTORY_SPEC = 'TMF638-ServiceInventory-v4.0.0.swagger.json';

export interface ServiceInventoryOptions {
  ports: Pick<Ports, 'serviceInventory' | 'resourceInventory' | 'catalog'>;
  spec: TmfSpec;
}

const FILTERS = {
  id: 'string',
  state: 'string',
  'relatedParty.id': 'string',
  'serviceSpecification.id': 'string',
  'serviceOrderItem.serviceOrderId': 'string',
  serviceDate: 'date',
  startDate: 'date',
  endDate: 'date',
} as const;
const DATE_FIELDS = { serviceDate: 'createdAt', startDate: 'activatedAt', endDate: 'terminatedAt' } as const;

const toSearch = (filters: Filter[]) => ({
  ids: allowed(filters, 'id'),
  states: allowed(filters, 'state') as ServiceState[] | undefined,
  customerIds: allowed(filters, 'relatedParty.id'),
  cfsSpecIds: allowed(filters, 'serviceSpecification.id'),
  serviceOrderIds: allowed(filters, 'serviceOrderItem.serviceOrderId'),
  dates: dateBounds(filters, DATE_FIELDS),
});

/**
 * TMF638 Service Inventory: the services SM&O designed, activated and terminated, read from the
 * store (Manage Service Inventory, 1.O.2.1.1). Read only: a service changes through a service
 * order (TMF641), so POST, PATCH and DELETE are 405.
 */
export async function serviceInventory(app: FastifyInstance, opts: ServiceInventoryOptions): Promise<void> {
  const { spec, ports } = opts;
  absoluteHrefs(app);
  const shown = (services: ServiceRecord[]) =>
    Promise.all(
      services.map(async (s) =>
        fromRecord(spec, s, {
          cfs: await ports.catalog.getCfsSpec(s.cfsSpecId),
          order: await ports.serviceInventory.getServiceOrder(s.serviceOrderId),
          resources: await ports.resourceInventory.byService(s.id),
          identifiers: await ports.serviceInventory.parametersOf(s.id),
        }),
      ),
    );

  storeCollection(app, {
    spec,
    collection: 'service',
    definition: 'Service',
    filters: FILTERS,
    toSearch,
    search: (q) => ports.serviceInventory.searchServices(q),
    shown,
  });
}
