import { SERVICE_ORDERING_SPEC } from '../api/service-ordering';
import { fromRecord } from '../api/service-ordering/representation';
import { ORDERING_APIS } from '../api/representation';
import type { ServiceOrderEvent } from '../ports/service-inventory';
import { apiAddress, resourceEvent } from './address';

/** The API whose listeners hear of service orders, by its name in the base path. */
export const SERVICE_ORDERING_API = ORDERING_APIS.service;

const TMF641 = apiAddress(SERVICE_ORDERING_SPEC, SERVICE_ORDERING_API);

/** TMF641's service order events (its /listener paths): a new order, and every move of its state. */
export type ServiceOrderEventType = 'ServiceOrderCreateEvent' | 'ServiceOrderStateChangeEvent';

/** The event a change of the order publishes, to be stored with the change. */
export const serviceOrderEvent =
  (eventType: ServiceOrderEventType): ServiceOrderEvent =>
  (order, resourceOrders) =>
    resourceEvent(SERVICE_ORDERING_API, 'serviceOrder', eventType, fromRecord(TMF641, order, resourceOrders));
