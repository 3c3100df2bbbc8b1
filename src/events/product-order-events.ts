import { PRODUCT_ORDERING_SPEC } from '../api/product-ordering';
import { fromRecord } from '../api/product-ordering/representation';
import type { TmfSpec } from '../api/spec';
import type { OrderEvent } from '../ports/product-orders';

/** The API whose listeners hear of product orders, by its name in the base path. */
export const PRODUCT_ORDERING_API = 'productOrderingManagement';

/**
 * Where TMF622 places its resources, without its schemas: an event carries the order as the
 * API shows it (same href, same attributes), and the workers that publish it need not read
 * the specification. The schema location is the specification's own file.
 */
const TMF622_ADDRESS: TmfSpec = {
  file: PRODUCT_ORDERING_SPEC,
  apiName: PRODUCT_ORDERING_API,
  basePath: `/tmf-api/${PRODUCT_ORDERING_API}/v4`,
  paths: {},
  definitions: {},
  schemaLocation: (definition) => `urn:tmf-spec:${PRODUCT_ORDERING_SPEC}#/definitions/${definition}`,
  validator: () => {
    throw new Error('events are validated by their listeners, not by the processes that publish them');
  },
};

/** TMF622's product order events: a new order, its state, and its items' states (an attribute of the order). */
export type ProductOrderEventType =
  'ProductOrderCreateEvent' | 'ProductOrderStateChangeEvent' | 'ProductOrderAttributeValueChangeEvent';

/** The event a change of the order publishes, to be stored with the change. */
export const productOrderEvent =
  (eventType: ProductOrderEventType): OrderEvent =>
  (order) => ({
    api: PRODUCT_ORDERING_API,
    entityType: 'productOrder',
    entityId: order.id,
    eventType,
    event: { productOrder: fromRecord(TMF622_ADDRESS, order) },
  });
