import { createHash, randomUUID } from 'node:crypto';
import type { ProductOrderRequestInput } from '../../domain/fulfilment/product-order';
import type { FulfilmentTimingsInput } from '../../domain/fulfilment/timings';
import type { Amendment } from '../../../workflows/crm/order-handling';
import { ApiError } from '../errors';

/**
 * TMF622 bodies (already valid against the specification) as Order Handling takes them.
 * Nothing here judges the order: an unknown offering, a missing site or an unknown party
 * reach Order Handling, which rejects the order with the reason (TMF622 `rejected`).
 */
interface Ref {
  id?: string;
  name?: string;
  role?: string;
  '@referredType'?: string;
}
interface CharacteristicBody {
  name: string;
  value: unknown;
}
interface ItemBody {
  id: string;
  action: string;
  productOffering?: Ref;
  product?: { place?: Ref[]; productCharacteristic?: CharacteristicBody[] };
}
export interface ProductOrderBody {
  externalId?: string;
  requestedCompletionDate?: string;
  channel?: Ref[];
  quote?: Ref[];
  relatedParty?: Ref[];
  productOrderItem: ItemBody[];
  [attribute: string]: unknown;
}

const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{2,63}$/;
const CHANNELS = new Set(['phone', 'email', 'web', 'shop', 'chat', 'partner']);

/**
 * The order's id, which is also its workflow's: the customer's `externalId` when it can be
 * one, else derived from it (so posting the same order twice is still one order); an order
 * without an externalId gets a new id.
 */
export function orderIdFor(body: Pick<ProductOrderBody, 'externalId'>): string {
  const external = body.externalId;
  if (external === undefined) return `ORD-${randomUUID()}`;
  if (ORDER_ID.test(external)) return external;
  return `ORD-${createHash('sha256').update(external).digest('hex').slice(0, 32)}`;
}

/** The customer among the related parties: the one in the `customer` role, else the first. */
export function customerOf(parties: readonly Ref[] | undefined): string | undefined {
  const customer =
    parties?.find((p) => p.role?.toLowerCase() === 'customer' || p['@referredType'] === 'Customer') ?? parties?.[0];
  return customer?.id;
}

/** `productCharacteristic` as name → value (what is not a scalar is passed on, for Order Handling to refuse). */
function characteristicsOf(list: readonly CharacteristicBody[] | undefined): Record<string, string | number | boolean> {
  return Object.fromEntries((list ?? []).map((c) => [c.name, c.value])) as Record<string, string | number | boolean>;
}

/** The site's region: the place in the installation role, else the first place with an id. */
function regionOf(places: readonly Ref[] | undefined): string | undefined {
  const withId = (places ?? []).filter((p) => p.id);
  return (withId.find((p) => /install|site/i.test(p.role ?? '')) ?? withId[0])?.id;
}

export function toOrderRequest(
  orderId: string,
  body: ProductOrderBody,
  timings: FulfilmentTimingsInput | undefined,
): ProductOrderRequestInput {
  const channel = body.channel?.map((c) => c.name ?? c.id).find((c) => c && CHANNELS.has(c));
  return {
    externalId: orderId,
    customerId: customerOf(body.relatedParty) as string,
    channel: (channel ?? 'web') as ProductOrderRequestInput['channel'],
    ...(body.requestedCompletionDate ? { requestedCompletionDate: body.requestedCompletionDate } : {}),
    ...(body.quote?.[0]?.id ? { quoteId: body.quote[0].id } : {}),
    items: body.productOrderItem.map((i) => ({
      id: i.id,
      action: i.action as 'add',
      productOfferingId: i.productOffering?.id as string,
      region: regionOf(i.product?.place) as string,
      characteristics: characteristicsOf(i.product?.productCharacteristic),
    })),
    ...(timings ? { timings } : {}),
  };
}

/** What a PATCH may change: the requested completion date, and items' characteristics. */
const PATCHABLE = new Set(['requestedCompletionDate', 'productOrderItem', '@type', '@baseType', '@schemaLocation']);

/**
 * A ProductOrder_Update as the workflow's amendment. What the request itself gets wrong is a
 * 400 here (an attribute that cannot be patched, an item the order does not have, nothing to
 * change); whether the order may still change is the workflow's answer.
 */
export function toAmendment(body: ProductOrderBody, itemIds: readonly string[]): Amendment {
  const fixed = Object.keys(body).filter((k) => !PATCHABLE.has(k));
  if (fixed.length)
    throw ApiError.invalid('Attributes that cannot be patched', [
      ...fixed.map((k) => ({
        path: `/${k}`,
        message:
          k === 'state'
            ? 'the state changes through the process (POST /cancelProductOrder to cancel)'
            : 'cannot be changed by PATCH (requestedCompletionDate and product characteristics can)',
      })),
    ]);
  const items: NonNullable<Amendment['items']> = [];
  for (const [n, item] of body.productOrderItem.entries()) {
    if (!itemIds.includes(item.id))
      throw ApiError.invalid('Unknown order item', [
        { path: `/productOrderItem/${n}/id`, message: `no item ${item.id}` },
      ]);
    const characteristics = item.product?.productCharacteristic;
    if (!characteristics?.length) continue;
    const bad = characteristics.findIndex((c) => !['string', 'number', 'boolean'].includes(typeof c.value));
    if (bad >= 0)
      throw ApiError.invalid('Invalid characteristic', [
        { path: `/productOrderItem/${n}/product/productCharacteristic/${bad}/value`, message: 'must be a scalar' },
      ]);
    items.push({ itemId: item.id, characteristics: characteristicsOf(characteristics) });
  }
  if (!body.requestedCompletionDate && !items.length)
    throw ApiError.invalid('Nothing to change', [
      { path: '/', message: 'a PATCH changes requestedCompletionDate or an item’s productCharacteristic' },
    ]);
  return { ...(body.requestedCompletionDate ? { requestedCompletionDate: body.requestedCompletionDate } : {}), items };
}
