import type {
  AllocatedResource,
  ResourceAvailability,
  ResourceNeed,
  ResourceState,
} from '../domain/fulfilment/resource-order';
import type { DateBound, Page } from './search';

export interface ReservationRequest {
  /** The resource order reserving: every resource it takes carries this id. */
  reservationId: string;
  serviceId: string;
  customerId: string;
  region: string;
  needs: ResourceNeed[];
  /** ISO time after which an unconfirmed reservation may be released. */
  holdUntil: string;
}

export interface SuppliedResource {
  resourceSpecId: string;
  region: string;
  name: string;
  supplierId: string;
  supplierReference: string;
  attributes: Record<string, unknown>;
  /** Delivered for this service: recorded reserved for it, under this reservation id. */
  serviceId: string;
  customerId: string;
  reservationId: string;
}

/** A resource as the inventory records it (TMF639 GET /resource). */
export interface ResourceRecord extends AllocatedResource {
  region: string;
  site: string | null;
  /** The resource it is part of (a port's card, a card's node). */
  parentId: string | null;
  attributes: Record<string, unknown>;
  /** The service and customer it serves, while reserved or in service. */
  serviceId: string | null;
  customerId: string | null;
  updatedAt: string;
}

/** Which resources to list: every given criterion holds, the latest changed first. */
export interface ResourceSearch {
  ids?: string[];
  states?: ResourceState[];
  resourceSpecIds?: string[];
  serviceIds?: string[];
  customerIds?: string[];
  dates?: DateBound<'updatedAt'>[];
  offset: number;
  limit: number;
}

/**
 * The resource inventory (TMF639): what exists, where, in which state, serving whom.
 * Every write takes an idempotency key; a retried call changes nothing twice.
 */
export interface ResourceInventoryPort {
  /** Counts what could be reserved now, and which supplier contracts could fill a gap. Reserves nothing. */
  checkAvailability(region: string, needs: ResourceNeed[]): Promise<ResourceAvailability>;
  /** All or nothing: either every need is reserved, or a ResourceUnavailable rejection and no change. */
  reserve(idempotencyKey: string, request: ReservationRequest): Promise<AllocatedResource[]>;
  /** Records a product a supplier delivered, reserved for the service it was bought for. */
  registerSuppliedResource(idempotencyKey: string, resource: SuppliedResource): Promise<AllocatedResource>;
  /**
   * Moves resources from one state to another; refuses (InvalidStateTransition) when any
   * resource is not in `from`. Allowed: reserved→outOfService, outOfService→inService,
   * inService→outOfService, outOfService→available, reserved→available.
   */
  transition(
    idempotencyKey: string,
    resourceIds: string[],
    from: ResourceState,
    to: ResourceState,
    reason: string,
  ): Promise<AllocatedResource[]>;
  /** Gives back everything a reservation holds (any state but retired) and clears its links. */
  release(idempotencyKey: string, reservationId: string, reason: string): Promise<string[]>;
  /** Releases reservations whose hold ended before `now`; returns the reservation ids released. */
  releaseExpiredHolds(idempotencyKey: string, now: string): Promise<string[]>;
  byReservation(reservationId: string): Promise<AllocatedResource[]>;
  byService(serviceId: string): Promise<AllocatedResource[]>;
  byCustomer(customerId: string): Promise<Array<AllocatedResource & { serviceId: string | null }>>;
  /** One page of the resources that match, and how many match in all. */
  search(query: ResourceSearch): Promise<Page<ResourceRecord>>;
}
