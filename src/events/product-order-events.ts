import { PRODUCT_ORDERING_SPEC } from '../api/product-ordering';
import { fromRecord } from '../api/product-ordering/representation';
import type { OrderEvent } from '../ports/product-orders';
import { apiAddress, resourceEvent } from './address';

/** The API whose listeners hear of product orders, by its name in the base path. */
export const PRODUCT_ORDERING_API = 'productOrderingManagement';

const TMF622 = apiAddress(PRODUCT_ORDERING_SPEC, PRODUCT_ORDERING_API);

/** TMF622's product order events: a new order, its state, and its items' states (an attribute of the order). */
export type ProductOrderEventType =
  'ProductOrderCreateEvent' | 'ProductOrderStateChangeEvent' | 'ProductOrderAttributeValueChangeEvent';

/** What an attribute value change of an order is about (TMF `fieldPath`): an item's state, or the date. */
export type ProductOrderFieldPath = 'productOrderItem.state' | 'expectedCompletionDate';

/** The event a change of the order publishes, to be stored with the change. */
export const productOrderEvent =
  (eventType: ProductOrderEventType, fieldPath?: ProductOrderFieldPath): OrderEvent =>
  (order) => ({
    ...resourceEvent(PRODUCT_ORDERING_API, 'productOrder', eventType, fromRecord(TMF622, order)),
    ...(fieldPath ? { fieldPath } : {}),
  });
