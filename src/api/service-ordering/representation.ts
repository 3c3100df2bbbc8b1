import { TERMINAL_SERVICE_ORDER_STATES } from '../../domain/fulfilment/service-lifecycle';
import { type ServiceOrderState, tmfItemAction } from '../../domain/fulfilment/service-order';
import type { ResourceOrderRecord } from '../../ports/resource-orders';
import type { ServiceOrderRecord } from '../../ports/service-inventory';
import { apiHref, defined, ORDERING_APIS, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

const AUTHOR = 'Service Configuration & Activation (1.F.2.2)';

export const serviceOrderHref = (id: string) => apiHref(ORDERING_APIS.service, 'serviceOrder', id);

const customer = (id: string) => [{ id, role: 'customer', '@referredType': 'Customer' }];

/** TMF641 Note requires an id: the order has at most one note, why it is where it is. */
const note = (reason: string | null, at: string) =>
  reason ? [{ id: '1', author: AUTHOR, date: at, text: reason }] : undefined;

/**
 * The product order a service order serves (CRM's Order Handling started it): named as an
 * external reference, and linked by href through orderRelationship. A service order started
 * on its own through TMF641 serves none: its productOrderId is its own id.
 */
function productOrder(r: Pick<ServiceOrderRecord, 'id' | 'productOrderId'>) {
  if (r.productOrderId === r.id) return {};
  return {
    externalReference: [{ name: r.productOrderId, externalReferenceType: 'ProductOrder' }],
    orderRelationship: [
      {
        id: r.productOrderId,
        href: apiHref(ORDERING_APIS.product, 'productOrder', r.productOrderId),
        relationshipType: 'fulfils',
        '@referredType': 'ProductOrder',
      },
    ],
  };
}

/** A service order as SM&O records it; its item names the service and the resource orders behind it. */
export function fromRecord(spec: TmfSpec, r: ServiceOrderRecord, resourceOrders: readonly ResourceOrderRecord[]) {
  const cancelled = r.state === 'cancelled';
  const closed = TERMINAL_SERVICE_ORDER_STATES.includes(r.state);
  return {
    id: r.id,
    href: serviceOrderHref(r.id),
    ...defined({
      state: r.state,
      orderDate: r.createdAt,
      startDate: r.createdAt,
      completionDate: closed ? r.completedAt : null,
      cancellationDate: cancelled ? r.completedAt : null,
      cancellationReason: cancelled ? r.reason : null,
      relatedParty: customer(r.customerId),
      note: note(r.reason, r.updatedAt),
    }),
    ...productOrder(r),
    serviceOrderItem: [
      {
        id: r.itemId,
        action: tmfItemAction(r.action),
        state: r.state,
        service: defined({
          id: r.serviceId,
          // What a suspension or a resumption changes (TMF638 v4 states: a suspended service is inactive).
          state: r.action === 'suspend' ? 'inactive' : r.action === 'resume' ? 'active' : null,
          serviceSpecification: { id: r.cfsSpecId, '@referredType': 'ServiceSpecification' },
          place: [{ id: r.region, role: 'installationAddress', '@referredType': 'GeographicAddress' }],
          relatedEntity: resourceOrders.length
            ? resourceOrders.map((ro) => ({
                id: ro.id,
                href: apiHref(ORDERING_APIS.resource, 'resourceOrder', ro.id),
                role: 'resourceOrder',
                '@referredType': 'ResourceOrder',
              }))
            : null,
          '@type': 'ServiceRefOrValue',
        }),
        '@type': 'ServiceOrderItem',
      },
    ],
    ...typed(spec, 'ServiceOrder'),
  } satisfies Resource;
}

/** A service order SM&O has not recorded (yet, or ever: refused before design), from its workflow. */
export function fromWorkflow(
  spec: TmfSpec,
  v: { id: string; state: ServiceOrderState; reason: string | null; at: string; startedAt: string },
): Resource {
  return {
    id: v.id,
    href: serviceOrderHref(v.id),
    ...defined({ state: v.state, orderDate: v.startedAt, note: note(v.reason, v.at) }),
    ...typed(spec, 'ServiceOrder'),
  };
}

/** A new order, as it was posted: acknowledged, nothing done yet. */
export function fromRequest(
  spec: TmfSpec,
  id: string,
  body: { serviceOrderItem: Array<Record<string, unknown>> },
  at: string,
): Resource {
  return {
    ...body,
    id,
    href: serviceOrderHref(id),
    state: 'acknowledged',
    orderDate: at,
    serviceOrderItem: body.serviceOrderItem.map((i) => ({ ...i, state: 'acknowledged' })),
    ...typed(spec, 'ServiceOrder'),
  };
}
