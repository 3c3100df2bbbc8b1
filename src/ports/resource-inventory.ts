import type {
  AllocatedResource,
  ResourceAvailability,
  ResourceNeed,
  ResourceState,
} from '../domain/fulfilment/resource-order';

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
}
