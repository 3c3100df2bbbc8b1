import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { OrderView } from '../../../src/domain/fulfilment/customer-order';
import type { Ports } from '../../../src/ports';
import type { ProductOrderRecord } from '../../../src/ports/product-orders';

/** The order as the workflow sees it: the record's state and items, without its terms. */
export const orderView = (o: ProductOrderRecord): OrderView => ({
  id: o.id,
  customerId: o.customerId,
  state: o.state,
  stateReason: o.stateReason,
  committedDate: o.committedDate,
  items: o.items.map((i) => ({
    itemId: i.itemId,
    productOfferingId: i.productOfferingId,
    state: i.state,
    stateReason: i.stateReason,
    serviceOrderIds: i.serviceOrderIds,
    productId: i.productId,
  })),
});

/** The order an Order Handling process works on; a missing one refuses the call. */
export const mustOrder = async (productOrders: Ports['productOrders'], orderId: string) =>
  (await productOrders.get(orderId)) ?? reject(BusinessErrorType.NotFound, `no product order ${orderId}`);
