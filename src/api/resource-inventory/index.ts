import type { FastifyInstance } from 'fastify';
import type { ResourceState } from '../../domain/fulfilment/resource-order';
import type { Ports } from '../../ports';
import { storeCollection } from '../inventory/store-collection';
import { allowed } from '../listing';
import type { Filter } from '../query';
import type { TmfSpec } from '../spec';
import { fromRecord, statesWhere } from './representation';

/** The spec file this API follows (the other v4 file still requires id and href on create). */
export const RESOURCE_INVENTORY_SPEC = 'TMF639-ResourceInventory-v4.0.0.hotfix-2020.swagger.json';

export interface ResourceInventoryOptions {
  ports: Pick<Ports, 'resourceInventory'>;
  spec: TmfSpec;
}

const FILTERS = {
  id: 'string',
  resourceStatus: 'string',
  administrativeState: 'string',
  operationalState: 'string',
  usageState: 'string',
  'resourceSpecification.id': 'string',
  'relatedParty.id': 'string',
} as const;
const STATES = ['resourceStatus', 'administrativeState', 'operationalState', 'usageState'] as const;

/** Each state filter narrows the inventory states the page may hold. */
function toSearch(filters: Filter[]) {
  let states: ResourceState[] | undefined;
  for (const attribute of STATES) {
    const values = allowed(filters, attribute);
    if (!values) continue;
    const these = statesWhere(attribute, values);
    states = states ? states.filter((s) => these.includes(s)) : these;
  }
  return {
    ids: allowed(filters, 'id'),
    states,
    resourceSpecIds: allowed(filters, 'resourceSpecification.id'),
    customerIds: allowed(filters, 'relatedParty.id'),
  };
}

/**
 * TMF639 Resource Inventory: what the network and the suppliers' deliveries hold, in which
 * state and serving whom, read from the store (Manage Resource Inventory, 1.O.3.1.5). Read
 * only: a resource changes through a resource order (TMF652), so POST, PATCH and DELETE are 405.
 */
export async function resourceInventory(app: FastifyInstance, opts: ResourceInventoryOptions): Promise<void> {
  const { spec, ports } = opts;
  storeCollection(app, {
    spec,
    collection: 'resource',
    definition: 'Resource',
    filters: FILTERS,
    toSearch,
    // A state filter no inventory state answers matches nothing (an empty IN is not SQL).
    search: async (q) =>
      'states' in q && q.states?.length === 0 ? { total: 0, orders: [] } : ports.resourceInventory.search(q),
    shown: async (rows) => rows.map((r) => fromRecord(spec, r)),
  });
}
