import { RESOURCE_ORDERING_SPEC } from '../api/resource-ordering';
import { fromRecord } from '../api/resource-ordering/representation';
import { ORDERING_APIS } from '../api/representation';
import type { ResourceOrderEvent } from '../ports/resource-orders';
import { apiAddress, resourceEvent } from './address';

/** The API whose listeners hear of resource orders, by its name in the base path. */
export const RESOURCE_ORDERING_API = ORDERING_APIS.resource;

const TMF652 = apiAddress(RESOURCE_ORDERING_SPEC, RESOURCE_ORDERING_API);

/** TMF652's resource order events (its /listener paths): a new order, and every move of its state. */
export type ResourceOrderEventType = 'ResourceOrderCreateEvent' | 'ResourceOrderStateChangeEvent';

/** The event a change of the order publishes, to be stored with the change. */
export const resourceOrderEvent =
  (eventType: ResourceOrderEventType): ResourceOrderEvent =>
  (order, items) =>
    resourceEvent(RESOURCE_ORDERING_API, 'resourceOrder', eventType, fromRecord(TMF652, order, items));
