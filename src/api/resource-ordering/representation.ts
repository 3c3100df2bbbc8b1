import type { ListedResourceOrder, ResourceOrderItem } from '../../ports/resource-orders';
import { tmfItemAction } from '../../domain/fulfilment/service-order';
import { apiHref, defined, ORDERING_APIS, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

const AUTHOR = 'Resource Provisioning (1.F.3.2)';
const CLOSED = new Set(['completed', 'failed', 'cancelled', 'rejected']);

export const resourceOrderHref = (id: string) => apiHref(ORDERING_APIS.resource, 'resourceOrder', id);

/**
 * A resource order as RM&O records it. It names the service order it serves (SM&O's) in
 * externalReference, with the order's TMF641 href; its items are the resources it took (TMF639
 * hrefs), or, before it took any, what it needs.
 */
export function fromRecord(spec: TmfSpec, r: ListedResourceOrder, taken: readonly ResourceOrderItem[]): Resource {
  const item = (n: number, rest: Record<string, unknown>) => ({
    id: String(n + 1),
    action: tmfItemAction(r.action),
    state: r.state,
    ...rest,
    '@type': 'ResourceOrderItem',
  });
  const spec_ = (id: string) => ({ id, '@referredType': 'ResourceSpecification' });
  return {
    id: r.id,
    href: resourceOrderHref(r.id),
    ...defined({
      state: r.state,
      orderType: r.action,
      orderDate: r.createdAt,
      completionDate: CLOSED.has(r.state) ? r.updatedAt : null,
      note: r.reason ? [{ author: AUTHOR, date: r.updatedAt, text: r.reason }] : null,
    }),
    externalReference: [
      {
        id: r.serviceOrderId,
        entityType: 'ServiceOrder',
        owner: ORDERING_APIS.service,
        href: apiHref(ORDERING_APIS.service, 'serviceOrder', r.serviceOrderId),
      },
    ],
    relatedParty: [{ id: r.customerId, role: 'customer', '@referredType': 'Customer' }],
    orderItem: taken.length
      ? taken.map((t, n) =>
          item(n, {
            resource: {
              id: t.resourceId,
              href: apiHref('resourceInventoryManagement', 'resource', t.resourceId),
              '@referredType': 'Resource',
            },
            resourceSpecification: spec_(t.resourceSpecId),
          }),
        )
      : r.needs.map((need, n) =>
          item(n, { quantity: need.quantity, resourceSpecification: spec_(need.resourceSpecId) }),
        ),
    ...typed(spec, 'ResourceOrder'),
  };
}
