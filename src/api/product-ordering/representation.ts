import type { ProductOrderRecord } from '../../ports/product-orders';
import type { ProductOrderView } from '../../../workflows/crm/order-handling';
import { defined, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';
import type { ProductOrderBody } from './request';

export type { Resource };

const AUTHOR = 'Order Handling (1.F.1.5)';

export const orderHref = (spec: TmfSpec, id: string) => `${spec.basePath}/productOrder/${encodeURIComponent(id)}`;

const party = (customerId: string | undefined) =>
  customerId ? [{ id: customerId, role: 'customer', '@referredType': 'Customer' }] : undefined;

/** Why the order (or an item) is where it is: TMF622 v4 has no reason field, so these are notes. */
function notes(at: string, reasons: Array<[string | null, string | null]>) {
  const list = reasons
    .filter((r): r is [string | null, string] => !!r[1])
    .map(([itemId, reason]) => ({ author: AUTHOR, date: at, text: itemId ? `item ${itemId}: ${reason}` : reason }));
  return list.length ? list : undefined;
}

/** An order as the store records it (once Order Handling has received it). */
export function fromRecord(spec: TmfSpec, r: ProductOrderRecord): Resource {
  const cancelled = r.state === 'cancelled';
  return {
    id: r.id,
    href: orderHref(spec, r.id),
    ...defined({
      state: r.state,
      orderDate: r.createdAt,
      requestedCompletionDate: r.requestedCompletionDate,
      expectedCompletionDate: r.committedDate,
      completionDate: r.completedAt,
      cancellationDate: cancelled ? r.completedAt : null,
      cancellationReason: cancelled ? r.stateReason : null,
      channel: [{ id: r.channel, name: r.channel, role: 'salesChannel' }],
      relatedParty: party(r.customerId),
      billingAccount: r.billingAccountId ? { id: r.billingAccountId, '@referredType': 'BillingAccount' } : null,
      quote: r.quoteId ? [{ id: r.quoteId, '@referredType': 'Quote' }] : null,
      note: notes(r.updatedAt, [
        [null, r.stateReason],
        ...r.items.map((i): [string, string | null] => [i.itemId, i.stateReason]),
      ]),
    }),
    productOrderItem: r.items.map((i) => ({
      id: i.itemId,
      action: i.action,
      state: i.state,
      productOffering: { id: i.productOfferingId, '@referredType': 'ProductOffering' },
      product: defined({
        id: i.productId,
        place: [{ id: i.region, role: 'installationAddress', '@referredType': 'GeographicAddress' }],
        productCharacteristic: Object.entries(i.characteristics).map(([name, value]) => ({ name, value })),
        '@type': 'ProductRefOrValue',
      }),
      '@type': 'ProductOrderItem',
    })),
    ...typed(spec, 'ProductOrder'),
  };
}

/** An order Order Handling has not recorded (yet, or ever: refused on receipt), from its workflow. */
export function fromView(spec: TmfSpec, v: ProductOrderView, at: string): Resource {
  return {
    id: v.orderId,
    href: orderHref(spec, v.orderId),
    ...defined({
      state: v.state,
      expectedCompletionDate: v.committedDate,
      relatedParty: party(v.customerId),
      note: notes(at, [[null, v.reason], ...v.items.map((i): [string, string | null] => [i.itemId, i.reason])]),
    }),
    productOrderItem: v.items.map((i) => ({
      id: i.itemId,
      action: i.action ?? 'add',
      state: i.state,
      '@type': 'ProductOrderItem',
    })),
    ...typed(spec, 'ProductOrder'),
  };
}

/** A new order, as it was posted: acknowledged, nothing done yet. */
export function fromRequest(spec: TmfSpec, id: string, body: ProductOrderBody, at: string): Resource {
  return {
    ...body,
    id,
    href: orderHref(spec, id),
    state: 'acknowledged',
    orderDate: at,
    productOrderItem: body.productOrderItem.map((i) => ({ ...i, state: 'acknowledged' })),
    ...typed(spec, 'ProductOrder'),
  };
}
