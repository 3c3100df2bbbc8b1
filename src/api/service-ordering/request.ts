import type { FulfilmentTimingsInput } from '../../domain/fulfilment/timings';
import { ServiceOrderRequest } from '../../domain/fulfilment/service-order';
import { ApiError } from '../errors';
import { type CharacteristicBody, characteristicsOf, customerOf, type Ref, regionOf } from '../order-request';

/** A TMF641 ServiceOrder_Create, already valid against the specification. */
export interface ServiceOrderBody {
  externalId?: string;
  relatedParty?: Ref[];
  serviceOrderItem: Array<{
    id: string;
    action: string;
    service: {
      id?: string;
      serviceSpecification?: Ref;
      place?: Ref[];
      serviceCharacteristic?: CharacteristicBody[];
    };
  }>;
  [attribute: string]: unknown;
}

/**
 * A TMF641 order as the `serviceOrder` workflow takes it: one customer-facing service per
 * order (SM&O runs one workflow per service), provided (`add`) or ceased (`delete`), for the
 * customer among the related parties, at the item's place, from the item's service
 * specification. A service order started on its own serves no product order: its
 * productOrderId is its own id.
 *
 * What cannot be put that way (several items, `modify`, no specification, place or customer)
 * is a 422 and starts nothing: the body is valid, but no process here could run it. What the
 * business cannot fulfil (an unknown specification, no capacity) is the workflow's to refuse.
 */
export function toServiceOrderRequest(
  id: string,
  body: ServiceOrderBody,
  timings: FulfilmentTimingsInput | undefined,
): ServiceOrderRequest {
  const problems: Array<{ path: string; message: string }> = [];
  if (body.serviceOrderItem.length !== 1)
    problems.push({ path: '/serviceOrderItem', message: 'one service per service order (one item)' });
  const item = body.serviceOrderItem[0];
  const action = item?.action;
  if (action !== 'add' && action !== 'delete')
    problems.push({ path: '/serviceOrderItem/0/action', message: 'add or delete (a modify is a product order’s)' });
  const service = item?.service;
  const request = {
    serviceOrderId: id,
    productOrderId: id,
    itemId: item?.id,
    customerId: customerOf(body.relatedParty),
    region: regionOf(service?.place),
    cfsSpecId: service?.serviceSpecification?.id,
    action,
    ...(service?.id ? { serviceId: service.id } : {}),
    characteristics: characteristicsOf(service?.serviceCharacteristic),
    timings: timings ?? {},
  };
  if (action === 'delete' && !service?.id)
    problems.push({ path: '/serviceOrderItem/0/service/id', message: 'the service to cease' });
  const parsed = ServiceOrderRequest.safeParse(request);
  if (!parsed.success) {
    const where: Record<string, string> = {
      customerId: '/relatedParty',
      region: '/serviceOrderItem/0/service/place',
      cfsSpecId: '/serviceOrderItem/0/service/serviceSpecification/id',
      characteristics: '/serviceOrderItem/0/service/serviceCharacteristic',
    };
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      if (key === 'action') continue;
      problems.push({ path: where[key] ?? `/${key}`, message: issue.message });
    }
  }
  if (problems.length || !parsed.success)
    throw new ApiError(
      422,
      'UNPROCESSABLE_ORDER',
      'Not a service order this operator can run',
      problems.map((p) => `${p.path}: ${p.message}`).join('; '),
    );
  return parsed.data;
}
