import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { Characteristics, type ProductOrderRequest } from '../../../src/domain/fulfilment/product-order';
import type { ServiceOrderRequest } from '../../../src/domain/fulfilment/service-order';
import type { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import type { Ports } from '../../../src/ports';
import { pricedFor, type ProductOffering } from '../../../src/domain/catalog';
import { priceLine } from '../../../src/domain/lifecycle/sales';
import type { ProductOrderItemRecord, ProductOrderRecord, ProductRecord } from '../../../src/ports/product-orders';

/**
 * 1.F.1.5's side of a change of a product the customer holds (#12): a `modify`, `delete` (cease)
 * or `noChange` item is validated against the product inventory (TMF637) when the order is
 * received, issued as service orders on the product's own services, and recorded in the
 * inventory when the order completes.
 */

type Item = ProductOrderRequest['items'][number];

/** The statuses of the product each action may act on. */
const ACTS_ON: Record<Exclude<Item['action'], 'add'>, ReadonlyArray<ProductRecord['status']>> = {
  modify: ['active'],
  delete: ['active', 'suspended'],
  noChange: ['active', 'suspended'],
};

export interface ResolvedItem {
  itemId: string;
  action: Item['action'];
  offering: ProductOffering;
  region: string;
  /** An add's characteristics; a modify's COMPLETE ones after the change (the product's, merged). */
  characteristics: Characteristics;
  product: ProductRecord | null;
}

/**
 * The item as the order records it. A change names a product that exists, is the customer's,
 * is in a status its action may act on, and is named by one item only; a modify's offering (its
 * own, or the one it changes to) delivers the same services; its merged characteristics are in
 * range. Anything else refuses the order with the reason.
 */
export async function resolveItem(
  ports: Pick<Ports, 'catalog' | 'productOrders'>,
  customerId: string,
  item: Item,
  named: Set<string>,
): Promise<ResolvedItem> {
  const bad = (why: string) => reject(BusinessErrorType.InvalidInput, `item ${item.id}: ${why}`);
  if (item.action === 'add') {
    const offering = await ports.catalog.getOffering(item.productOfferingId!);
    if (!offering) return bad(`unknown offering ${item.productOfferingId}`);
    const { characteristics, region } = item;
    return { itemId: item.id, action: 'add', offering, region: region!, characteristics, product: null };
  }
  const productId = item.product!.id;
  const [product] = (await ports.productOrders.searchProducts({ ids: [productId], offset: 0, limit: 1 })).orders;
  if (!product || product.customerId !== customerId) return bad(`customer ${customerId} has no product ${productId}`);
  if (named.has(productId)) return bad(`product ${productId} is named by another item of the order`);
  named.add(productId);
  if (!ACTS_ON[item.action].includes(product.status))
    return bad(`product ${productId} is ${product.status}: it cannot take a ${item.action}`);
  const current = (await ports.catalog.getOffering(product.productOfferingId))!;
  let offering = current;
  if (item.action === 'modify' && item.productOfferingId && item.productOfferingId !== current.id) {
    const other = await ports.catalog.getOffering(item.productOfferingId);
    if (!other) return bad(`unknown offering ${item.productOfferingId}`);
    if ([...other.cfsSpecIds].sort().join() !== [...current.cfsSpecIds].sort().join())
      return bad(`offering ${other.id} delivers other services than ${current.id}: order a move or a new product`);
    offering = other;
  }
  if (item.action !== 'modify' && Object.keys(item.characteristics).length)
    return bad(`a ${item.action} changes no characteristic`);
  const merged = { ...product.characteristics, ...item.characteristics };
  const checked = Characteristics.safeParse(merged);
  if (!checked.success) return bad(`the product's characteristics after the change: ${checked.error.message}`);
  if (item.action === 'modify' && offering === current && sameCharacteristics(merged, product.characteristics))
    return bad(`the modify changes nothing on product ${productId}`);
  return {
    itemId: item.id,
    action: item.action,
    offering,
    region: product.region,
    characteristics: item.action === 'modify' ? merged : product.characteristics,
    product,
  };
}

const sameCharacteristics = (a: Characteristics, b: Characteristics) =>
  Object.keys({ ...a, ...b }).every((k) => a[k] === b[k]);

/**
 * The service orders of a modify (each service it touches redesigned to the product's complete
 * characteristics) or a delete (each service ceased): one per service of the product, on the
 * service as the service inventory holds it. A noChange issues none.
 */
export async function changeServiceOrders(
  ports: Pick<Ports, 'serviceInventory' | 'productOrders' | 'catalog'>,
  order: ProductOrderRecord,
  item: ProductOrderItemRecord,
  timings: FulfilmentTimings,
): Promise<ServiceOrderRequest[]> {
  if (item.action === 'add' || item.action === 'noChange') return [];
  const [product] = (await ports.productOrders.searchProducts({ ids: [item.productId!], offset: 0, limit: 1 })).orders;
  const requests: ServiceOrderRequest[] = [];
  for (const serviceId of product!.serviceIds) {
    const service = await ports.serviceInventory.getService(serviceId);
    if (!service || service.state === 'terminated') continue;
    // A modify is issued to the services whose own characteristics (their spec's parameters) it
    // changes: a speed change redesigns the access, not the static IP range beside it.
    if (item.action === 'modify') {
      const own = (await ports.catalog.getCfsSpec(service.cfsSpecId))?.parameters ?? [];
      if (own.every((k) => item.characteristics[k] === service.characteristics[k])) continue;
    }
    requests.push({
      serviceOrderId: `${order.id}/${item.itemId}/${service.cfsSpecId}`,
      productOrderId: order.id,
      itemId: item.itemId,
      customerId: order.customerId,
      region: service.region,
      cfsSpecId: service.cfsSpecId,
      action: item.action,
      serviceId,
      characteristics: item.action === 'modify' ? item.characteristics : service.characteristics,
      timings,
    });
  }
  return requests;
}

/**
 * 1.F.1.5.5 for the completed modify and delete items: the product takes its new characteristics
 * and price from `at` (a modify), or is terminated at `at` (a delete) — its charge periods
 * closed and opened there, which is what billing prorates from.
 */
export async function recordProductChanges(
  ports: Pick<Ports, 'catalog' | 'productOrders'>,
  order: ProductOrderRecord,
  completed: ProductOrderItemRecord[],
  key: string,
  at: string,
) {
  const changes = [];
  for (const item of completed) {
    if (item.action !== 'modify' && item.action !== 'delete') continue;
    const change =
      item.action === 'modify'
        ? {
            characteristics: item.characteristics,
            // The tier of the new characteristics (a speed change changes the price from `at`).
            recurringMinor: priceLine(
              pricedFor((await ports.catalog.getOffering(item.productOfferingId))!, item.characteristics),
              1,
              order.discountPct,
            ).recurringMinor,
          }
        : { status: 'terminated' as const };
    const p = await ports.productOrders.recordProductChange(`${key}/change/${item.itemId}`, {
      productId: item.productId!,
      at,
      orderId: order.id,
      ...change,
    });
    changes.push({
      productId: p.id,
      itemId: item.itemId,
      action: item.action,
      status: p.status,
      recurringMinor: p.recurringMinor,
      billingAccountId: p.billingAccountId,
      at,
    });
  }
  return changes;
}
