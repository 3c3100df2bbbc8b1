import type { ResourceNeed, ResourceOrderState } from '../domain/fulfilment/resource-order';
import type { ServiceOrderAction } from '../domain/fulfilment/service-order';
import type { NewEvent } from './event-subscriptions';
import type { DateBound, Page } from './search';

export interface ResourceOrderRecord {
  id: string;
  serviceOrderId: string;
  serviceId: string;
  customerId: string;
  region: string;
  action: ServiceOrderAction;
  state: ResourceOrderState;
  reason: string | null;
  needs: ResourceNeed[];
  holdUntil: string | null;
}

/** One resource an order took (or, for a 'delete' order, took back). */
export interface ResourceOrderItem {
  resourceId: string;
  resourceSpecId: string;
  state: 'reserved' | 'completed' | 'released';
  /** The element configuration the resource was given, recorded when the order completed. */
  configuration: Record<string, unknown> | null;
}

/** A resource order as a list shows it (TMF652 GET /resourceOrder): with when it was received and last moved. */
export interface ListedResourceOrder extends ResourceOrderRecord {
  createdAt: string;
  updatedAt: string;
}

/** Which resource orders to list: every criterion holds, newest first. */
export interface ResourceOrderSearch {
  ids?: string[];
  states?: ResourceOrderState[];
  customerIds?: string[];
  /** The service orders (SM&O's) the resource orders serve. */
  serviceOrderIds?: string[];
  dates?: DateBound<'createdAt' | 'updatedAt'>[];
  offset: number;
  limit: number;
}

/**
 * The event a change of the order publishes (TMF652), built from the order and its items as the
 * change leaves them: the adapter stores it with the change, in one transaction, and only when
 * something changed.
 */
export type ResourceOrderEvent = (order: ListedResourceOrder, items: ResourceOrderItem[]) => NewEvent;

/** Resource orders (TMF652) as RM&O tracks them. Every write takes an idempotency key. */
export interface ResourceOrderPort {
  /** Records the order, acknowledged; the same id again returns the existing record. */
  record(
    idempotencyKey: string,
    order: Omit<ResourceOrderRecord, 'state' | 'reason'>,
    event?: ResourceOrderEvent,
  ): Promise<ResourceOrderRecord>;
  /** Moves the order on; the same state again changes nothing, a closed order refuses (InvalidStateTransition). */
  setState(
    idempotencyKey: string,
    resourceOrderId: string,
    state: ResourceOrderState,
    reason: string | null,
    event?: ResourceOrderEvent,
  ): Promise<ResourceOrderRecord>;
  /** Adds or updates the order's items (keyed by resource id). */
  recordItems(
    idempotencyKey: string,
    resourceOrderId: string,
    items: ResourceOrderItem[],
  ): Promise<ResourceOrderItem[]>;
  items(resourceOrderId: string): Promise<ResourceOrderItem[]>;
  get(resourceOrderId: string): Promise<ResourceOrderRecord | undefined>;
  /** One page of the orders that match, and how many match in all. */
  search(query: ResourceOrderSearch): Promise<Page<ListedResourceOrder>>;
  /** Every order recorded for a service, oldest first. */
  ofService(serviceId: string): Promise<ResourceOrderRecord[]>;
}
