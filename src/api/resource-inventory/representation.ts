import type { ResourceState } from '../../domain/fulfilment/resource-order';
import type { ResourceRecord } from '../../ports/resource-inventory';
import { characteristics, customerParty, INVENTORY_APIS, serviceRef } from '../inventory/links';
import { apiHref, defined, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

type Status = {
  resourceStatus?: string;
  administrativeState: string;
  operationalState: string;
  usageState: string;
};

/**
 * The inventory's states in TMF639's terms. `inService` has no resourceStatus of its own (the
 * spec's `available` means free to take): it reads as unlocked, enabled and in use.
 */
export const STATUS: Record<ResourceState, Status> = {
  available: {
    resourceStatus: 'available',
    administrativeState: 'unlocked',
    operationalState: 'enable',
    usageState: 'idle',
  },
  reserved: {
    resourceStatus: 'reserved',
    administrativeState: 'unlocked',
    operationalState: 'enable',
    usageState: 'idle',
  },
  outOfService: {
    resourceStatus: 'standby',
    administrativeState: 'locked',
    operationalState: 'disable',
    usageState: 'idle',
  },
  inService: { administrativeState: 'unlocked', operationalState: 'enable', usageState: 'active' },
  retired: {
    resourceStatus: 'unknown',
    administrativeState: 'shutdown',
    operationalState: 'disable',
    usageState: 'idle',
  },
};

/** The inventory states whose TMF639 `attribute` is one of `values` (a filter read back). */
export const statesWhere = (attribute: keyof Status, values: readonly string[]) =>
  (Object.keys(STATUS) as ResourceState[]).filter((s) => values.includes(STATUS[s][attribute] ?? ''));

/**
 * A resource (TMF639) as Manage Resource Inventory (1.O.3.1.5) records it: its specification
 * (TMF634), what it is part of, and, while it serves one, the service (TMF638) and customer.
 */
export function fromRecord(spec: TmfSpec, r: ResourceRecord): Resource {
  const href = (id: string) => apiHref(INVENTORY_APIS.resource, 'resource', id);
  return {
    id: r.id,
    href: href(r.id),
    name: r.name,
    category: r.resourceType,
    ...STATUS[r.state],
    resourceSpecification: {
      id: r.resourceSpecId,
      href: apiHref('resourceCatalogManagement', 'resourceSpecification', r.resourceSpecId),
      '@referredType': 'ResourceSpecification',
    },
    resourceCharacteristic: [
      { name: 'region', value: r.region },
      ...(r.site ? [{ name: 'site', value: r.site }] : []),
      ...characteristics(r.attributes),
      // TMF639 v4 has no attribute for the service a resource supports: it is a characteristic.
      ...(r.serviceId ? [{ name: 'supportedService', value: serviceRef(r.serviceId) }] : []),
    ],
    ...defined({
      resourceRelationship: r.parentId
        ? [{ id: r.parentId, href: href(r.parentId), relationshipType: 'isContainedIn' }]
        : null,
      relatedParty: customerParty(r.customerId),
    }),
    ...typed(spec, 'Resource'),
  };
}
