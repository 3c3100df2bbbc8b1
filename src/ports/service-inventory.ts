import type { Characteristics } from '../domain/fulfilment/product-order';
import type { ServiceOrderAction, ServiceOrderState, ServiceState } from '../domain/fulfilment/service-order';
import type { NewEvent } from './event-subscriptions';
import type { ResourceOrderRecord } from './resource-orders';
import type { DateBound, Page } from './search';

export interface ServiceOrderRecord {
  id: string;
  productOrderId: string;
  itemId: string;
  customerId: string;
  cfsSpecId: string;
  region: string;
  action: ServiceOrderAction;
  state: ServiceOrderState;
  reason: string | null;
  serviceId: string | null;
  /** The solution 1.F.2.2.1 designed, as it recorded it. */
  design: unknown;
  /** What 1.F.2.2.3 tracks: work orders and what suppliers are to deliver. */
  workPlan: unknown;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export type NewServiceOrder = Pick<
  ServiceOrderRecord,
  'id' | 'productOrderId' | 'itemId' | 'customerId' | 'cfsSpecId' | 'region' | 'action'
> & { serviceId?: string };

/**
 * The event a change of a service order publishes (TMF641), built from the order as the change
 * leaves it and the resource orders behind it (oldest first): the adapter stores it with the
 * change, in one transaction, and only when something changed.
 */
export type ServiceOrderEvent = (order: ServiceOrderRecord, resourceOrders: ResourceOrderRecord[]) => NewEvent;

/** Which service orders to list (TMF641 GET /serviceOrder): every criterion holds, newest first. */
export interface ServiceOrderSearch {
  ids?: string[];
  states?: ServiceOrderState[];
  customerIds?: string[];
  /** The product orders (CRM's) the service orders serve. */
  productOrderIds?: string[];
  dates?: DateBound<'createdAt' | 'completedAt'>[];
  offset: number;
  limit: number;
}

export interface ServiceRecord {
  id: string;
  cfsSpecId: string;
  customerId: string;
  region: string;
  state: ServiceState;
  characteristics: Characteristics;
  /** The order that created the service. */
  serviceOrderId: string;
  design: unknown;
  /** What assurance was handed on activation. */
  assurance: unknown;
  createdAt: string;
  updatedAt: string;
  activatedAt: string | null;
  terminatedAt: string | null;
}

/** Which services to list (TMF638 GET /service): every given criterion holds, newest first. */
export interface ServiceSearch {
  ids?: string[];
  states?: ServiceState[];
  customerIds?: string[];
  cfsSpecIds?: string[];
  serviceOrderIds?: string[];
  dates?: DateBound<'createdAt' | 'activatedAt' | 'terminatedAt'>[];
  offset: number;
  limit: number;
}

export type NewService = Pick<
  ServiceRecord,
  'cfsSpecId' | 'customerId' | 'region' | 'characteristics' | 'serviceOrderId' | 'design'
>;

/** An identifier allocated to a service (telephone number, address range…). */
export interface ServiceParameter {
  serviceId: string;
  /** The parameter's name on the service, e.g. telephoneNumber, ipv4Range. */
  name: string;
  value: string;
  resourceId: string;
  resourceSpecId: string;
  allocatedAt: string;
  releasedAt: string | null;
}

export interface IdentifierNeed {
  name: string;
  resourceSpecId: string;
  /** The pool's region (a number may be taken from another region's plan). */
  region: string;
  quantity: number;
}

export interface ServiceTestRecord {
  id: string;
  serviceId: string;
  serviceOrderId: string;
  passed: boolean;
  measurements: Record<string, number>;
  detail: string;
  at: string;
}

export interface ServiceAmendment {
  serviceOrderId: string;
  characteristics: Characteristics;
  outcome: 'applied' | 'refused';
  reason: string | null;
  at: string;
}

/**
 * The service inventory (TMF638) and the service orders that change it (TMF641), with the
 * identifier pools SM&O manages (1.F.2.2.2). The adapter enforces both state machines: a
 * transition they forbid is refused (InvalidStateTransition) and nothing changes. Every write
 * takes an idempotency key; a retried call changes nothing twice.
 */
export interface ServiceInventoryPort {
  /** Records a service order, acknowledged. Recording the same id again returns the existing order. */
  recordServiceOrder(
    idempotencyKey: string,
    order: NewServiceOrder,
    at: string,
    event?: ServiceOrderEvent,
  ): Promise<ServiceOrderRecord>;
  getServiceOrder(serviceOrderId: string): Promise<ServiceOrderRecord | undefined>;
  /** One page of the service orders that match, and how many match in all. */
  searchServiceOrders(query: ServiceOrderSearch): Promise<Page<ServiceOrderRecord>>;
  transitionServiceOrder(
    idempotencyKey: string,
    serviceOrderId: string,
    to: ServiceOrderState,
    reason: string | null,
    at: string,
    event?: ServiceOrderEvent,
  ): Promise<ServiceOrderRecord>;
  updateServiceOrder(
    idempotencyKey: string,
    serviceOrderId: string,
    change: { serviceId?: string; design?: unknown; workPlan?: unknown },
    at: string,
  ): Promise<ServiceOrderRecord>;

  /** Records a new service, designed, for the order that asked for it. */
  createService(idempotencyKey: string, service: NewService, at: string): Promise<ServiceRecord>;
  getService(serviceId: string): Promise<ServiceRecord | undefined>;
  /** One page of the services that match, and how many match in all. */
  searchServices(query: ServiceSearch): Promise<Page<ServiceRecord>>;
  transitionService(
    idempotencyKey: string,
    serviceId: string,
    to: ServiceState,
    reason: string | null,
    at: string,
  ): Promise<ServiceRecord>;
  updateService(
    idempotencyKey: string,
    serviceId: string,
    change: { characteristics?: Characteristics; design?: unknown; assurance?: unknown },
    at: string,
  ): Promise<ServiceRecord>;
  /** Every state a service order or a service went through, oldest first. */
  history(
    entity: 'serviceOrder' | 'service',
    id: string,
  ): Promise<Array<{ from: string | null; to: string; reason: string | null; at: string }>>;

  recordAmendment(idempotencyKey: string, amendment: ServiceAmendment): Promise<ServiceAmendment>;
  amendments(serviceOrderId: string): Promise<ServiceAmendment[]>;

  /** How many identifiers of a spec the region's pool could give now. Reserves nothing. */
  freeIdentifiers(region: string, resourceSpecId: string): Promise<number>;
  /**
   * All or nothing: every need is reserved for the service (the lowest free identifiers of
   * each pool, so the pick is deterministic) and recorded as its parameters, or a
   * ResourceUnavailable rejection and no change. A service that already holds its
   * identifiers gets them back unchanged.
   */
  reserveIdentifiers(
    idempotencyKey: string,
    request: { serviceId: string; serviceOrderId: string; customerId: string; needs: IdentifierNeed[] },
    at: string,
  ): Promise<ServiceParameter[]>;
  /** The service's identifiers go from reserved to in service (on activation). */
  putIdentifiersInService(idempotencyKey: string, serviceId: string, at: string): Promise<ServiceParameter[]>;
  /**
   * Gives the service's identifiers back to their pools; returns those released. Given
   * `resourceIds`, only those of them the service holds (a modify's extra range given back, or
   * a range it no longer needs); the others stay held as they are.
   */
  releaseIdentifiers(
    idempotencyKey: string,
    serviceId: string,
    reason: string,
    at: string,
    resourceIds?: readonly string[],
  ): Promise<ServiceParameter[]>;
  /** The identifiers a service holds now. */
  parametersOf(serviceId: string): Promise<ServiceParameter[]>;

  recordTest(idempotencyKey: string, test: Omit<ServiceTestRecord, 'id'>): Promise<ServiceTestRecord>;
  testsOf(serviceId: string): Promise<ServiceTestRecord[]>;
}
