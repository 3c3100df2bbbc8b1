import {
  type ProductOrderItemAction,
  ProductOrderRequest,
  type ProductOrderRequestInput,
} from '../../domain/fulfilment/product-order';
import { Characteristics } from '../../domain/limits';
import type { FulfilmentTimingsInput } from '../../domain/fulfilment/timings';
import type { Amendment } from '../../../workflows/crm/order-handling';
import { ApiError } from '../errors';
import { defined } from '../representation';
import { invalidRequest } from '../limits';
import {
  characteristicsOf,
  customerOf,
  type CharacteristicBody,
  orderIdFor,
  type Ref,
  regionOf,
} from '../order-request';

/**
 * TMF622 bodies (already valid against the specification) as Order Handling takes them.
 * Nothing here judges the order: an unknown offering, a missing site or an unknown party
 * reach Order Handling, which rejects the order with the reason (TMF622 `rejected`).
 */
interface ItemBody {
  id: string;
  action: string;
  quantity?: number;
  productOffering?: Ref;
  /** An add's product by value; a modify's, delete's or noChange's by reference (its id) too. */
  product?: { id?: string; place?: Ref[]; productCharacteristic?: CharacteristicBody[] };
  productOrderItemRelationship?: Array<{ id?: string; relationshipType?: string }>;
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

const CHANNELS = new Set(['phone', 'email', 'web', 'shop', 'chat', 'partner']);

/** The order's id, which is also its workflow's (see orderIdFor). */
export const productOrderIdFor = (body: Pick<ProductOrderBody, 'externalId'>) => orderIdFor(body, 'ORD');

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
      // Checked against Order Handling's contract below: an action it does not know is a 400.
      action: i.action as ProductOrderItemAction,
      ...defined({ productOfferingId: i.productOffering?.id, region: regionOf(i.product?.place) }),
      characteristics: characteristicsOf(i.product?.productCharacteristic),
      ...(i.product?.id ? { product: { id: i.product.id } } : {}),
      ...(i.productOrderItemRelationship?.length
        ? {
            productOrderItemRelationship: i.productOrderItemRelationship.map((r) => ({
              id: r.id as string,
              relationshipType: r.relationshipType as 'reliesOn',
            })),
          }
        : {}),
    })),
    ...(timings ? { timings } : {}),
  };
}

/** Where a field of Order Handling's request came from in the TMF622 body. */
function bodyPath(path: ReadonlyArray<PropertyKey>): string {
  const [field, n, itemField] = path.map(String);
  if (field === 'items' && n !== undefined) {
    const item = `/productOrderItem/${n}`;
    if (itemField === 'productOfferingId') return `${item}/productOffering/id`;
    if (itemField === 'region') return `${item}/product/place`;
    if (itemField === 'product') return `${item}/product/id`;
    if (itemField === 'productOrderItemRelationship')
      return `${item}/productOrderItemRelationship${path[3] !== undefined ? `/${String(path[3])}` : ''}${path[4] !== undefined ? `/${String(path[4])}` : ''}`;
    if (itemField === 'characteristics')
      return `${item}/product/productCharacteristic${path[3] !== undefined ? ` (${String(path[3])})` : ''}`;
    return itemField ? `${item}/${itemField}` : item;
  }
  const fields: Record<string, string> = {
    items: '/productOrderItem',
    customerId: '/relatedParty',
    quoteId: '/quote',
    channel: '/channel',
  };
  return fields[field ?? ''] ?? `/${field ?? ''}`;
}

/**
 * The order as Order Handling takes it, checked at the door against the workflow's own contract
 * (ProductOrderRequest: an offering and a site per add, a product reference per modify, delete
 * or noChange, relationships to items of the order, characteristics bounded and in range)
 * and our own rule on quantity: each item is one product, so `quantity` other than 1 is
 * refused, never silently dropped. A 400 naming every field; nothing is started.
 */
export function checkedOrderRequest(
  body: ProductOrderBody,
  request: ProductOrderRequestInput,
): ProductOrderRequestInput {
  const quantities = body.productOrderItem.flatMap((item, n) =>
    item.quantity === undefined || item.quantity === 1
      ? []
      : [
          {
            path: `/productOrderItem/${n}/quantity`,
            message: 'must be 1: each item is one product (post one item per product)',
          },
        ],
  );
  if (quantities.length) throw ApiError.invalid('Invalid ProductOrder_Create', quantities);
  const parsed = ProductOrderRequest.safeParse(request);
  if (!parsed.success) throw invalidRequest('Invalid ProductOrder_Create', parsed.error, bodyPath);
  return request;
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
    const changed = Characteristics.safeParse(characteristicsOf(characteristics));
    if (!changed.success)
      throw invalidRequest(
        'Invalid characteristic',
        changed.error,
        (p) => `/productOrderItem/${n}/product/productCharacteristic (${p.map(String).join('.')})`,
      );
    items.push({ itemId: item.id, characteristics: characteristicsOf(characteristics) });
  }
  if (!body.requestedCompletionDate && !items.length)
    throw ApiError.invalid('Nothing to change', [
      { path: '/', message: 'a PATCH changes requestedCompletionDate or an item’s productCharacteristic' },
    ]);
  return { ...(body.requestedCompletionDate ? { requestedCompletionDate: body.requestedCompletionDate } : {}), items };
}
