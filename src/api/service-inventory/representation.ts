import type { CfsSpec } from '../../domain/catalog';
import type { AllocatedResource } from '../../domain/fulfilment/resource-order';
import type { ServiceOrderRecord, ServiceParameter, ServiceRecord } from '../../ports/service-inventory';
import {
  characteristics,
  customerParty,
  INVENTORY_APIS,
  resourceRef,
  serviceSpecificationRef,
} from '../inventory/links';
import { apiHref, defined, ORDERING_APIS, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

/** What the store knows around a service: its specification, order, resources and identifiers. */
export interface ServiceContext {
  cfs: CfsSpec | undefined;
  order: ServiceOrderRecord | undefined;
  resources: readonly AllocatedResource[];
  identifiers: readonly ServiceParameter[];
}

/**
 * A customer-facing service (TMF638) as Manage Service Inventory (1.O.2.1.1) records it: its
 * specification (TMF633), the service order item that made it (TMF641), and what supports it —
 * the resources RM&O provisioned and the identifiers SM&O allotted (TMF639), each by href.
 */
export function fromRecord(spec: TmfSpec, s: ServiceRecord, c: ServiceContext): Resource {
  // An identifier is a resource too (a number, an address range): both support the service.
  const supporting = new Map(c.resources.map((r) => [r.id, resourceRef(r.id, r.name)]));
  for (const p of c.identifiers)
    if (!supporting.has(p.resourceId)) supporting.set(p.resourceId, resourceRef(p.resourceId, p.value));
  return {
    id: s.id,
    href: apiHref(INVENTORY_APIS.service, 'service', s.id),
    ...defined({
      name: c.cfs?.name,
      serviceType: c.cfs?.serviceType,
      category: 'CustomerFacingService',
      state: s.state,
      serviceDate: s.createdAt,
      startDate: s.activatedAt,
      endDate: s.terminatedAt,
      hasStarted: s.activatedAt !== null,
      isServiceEnabled: s.state === 'active',
      isStateful: true,
      isBundle: false,
      relatedParty: customerParty(s.customerId),
    }),
    serviceSpecification: serviceSpecificationRef(s.cfsSpecId, c.cfs?.name),
    place: [{ id: s.region, role: 'installationAddress', '@referredType': 'GeographicAddress' }],
    serviceCharacteristic: [
      ...characteristics(s.characteristics),
      ...c.identifiers.map((p) => ({ name: p.name, value: p.value })),
    ],
    serviceOrderItem: [
      {
        serviceOrderId: s.serviceOrderId,
        serviceOrderHref: apiHref(ORDERING_APIS.service, 'serviceOrder', s.serviceOrderId),
        itemId: c.order?.itemId ?? '1',
        itemAction: 'add',
        role: 'createdBy',
        '@referredType': 'ServiceOrder',
      },
    ],
    supportingResource: [...supporting.values()],
    ...typed(spec, 'Service'),
  };
}
