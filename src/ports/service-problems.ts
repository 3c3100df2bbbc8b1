import type { RootCause, Urgency } from '../domain/assurance/messages';
import type { ServiceProblemState } from '../domain/assurance/states';
import type { NewEvent } from './event-subscriptions';
import type { DateBound, Page } from './search';

export interface ServiceImpact {
  /** Every service the failing elements carry, this one included, and their customers. */
  services: string[];
  customers: string[];
}

/** A service problem (TMF656), as SM&O Service Problem Management (1.A.2.3) keeps it. */
export interface ServiceProblem {
  id: string;
  origin: 'customer' | 'resourceTrouble' | 'quality';
  serviceId: string;
  customerId: string;
  description: string;
  urgency: Urgency;
  state: ServiceProblemState;
  troubleTicketId: string | null;
  resourceTroubleId: string | null;
  impact: ServiceImpact | null;
  estimatedRestoration: string | null;
  rootCause: RootCause | null;
  /** The open problem of common cause this one was correlated with (1.A.2.3.2). */
  correlatedWith: string | null;
  plan: unknown;
  resolution: string | null;
  workflowId: string | null;
  /** When the service was first known to be affected: the outage starts here. */
  startedAt: string;
  restoredAt: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export type NewServiceProblem = Pick<
  ServiceProblem,
  | 'id'
  | 'origin'
  | 'serviceId'
  | 'customerId'
  | 'description'
  | 'urgency'
  | 'troubleTicketId'
  | 'resourceTroubleId'
  | 'workflowId'
>;

/** One network element a service runs on, as SM&O sees it for diagnosis. */
export interface ServiceElement {
  resourceId: string;
  resourceType: string;
  resourceSpecId: string;
  parentId: string | null;
  /** Set when the element was bought from a supplier (S/P requisition, 1.F.4.2). */
  supplierId: string | null;
  requisitionId: string | null;
}

/** Which problems to list (TMF656 GET /serviceProblem): every criterion holds, newest first. */
export interface ServiceProblemSearch {
  ids?: string[];
  states?: ServiceProblemState[];
  origins?: ServiceProblem['origin'][];
  customerIds?: string[];
  serviceIds?: string[];
  troubleTicketIds?: string[];
  dates?: DateBound<'createdAt' | 'updatedAt' | 'restoredAt'>[];
  offset: number;
  limit: number;
}

/** What a problem's event shows beyond its row, read in the change's own transaction. */
export interface ServiceProblemDetail {
  /** When its history last moved (a state, or a process's note): TMF656 statusChangeDate. */
  changedAt: string | undefined;
  /** Whether a trouble ticket of that id is recorded (the notice SM&O opened for a network fault). */
  ticketRecorded(ticketId: string): boolean;
}

/**
 * The event a change of the problem publishes (TMF656), built from the problem as the change
 * leaves it: the adapter stores it with the change, in one transaction, and only when
 * something changed.
 */
export type ServiceProblemEvent = (problem: ServiceProblem, detail: ServiceProblemDetail) => NewEvent;

/**
 * The service problems (TMF656). The adapter enforces the TMF656 state table
 * (SERVICE_PROBLEM_TRANSITIONS): a forbidden move is refused (InvalidStateTransition). Every
 * write takes an idempotency key.
 */
export interface ServiceProblemPort {
  /** Records a problem, acknowledged; the same id again returns the existing problem. */
  record(idempotencyKey: string, problem: NewServiceProblem, event?: ServiceProblemEvent): Promise<ServiceProblem>;
  get(serviceProblemId: string): Promise<ServiceProblem | undefined>;
  transition(
    idempotencyKey: string,
    serviceProblemId: string,
    to: ServiceProblemState,
    process: string,
    detail: string,
    event?: ServiceProblemEvent,
  ): Promise<ServiceProblem>;
  update(
    idempotencyKey: string,
    serviceProblemId: string,
    change: Partial<
      Pick<
        ServiceProblem,
        'impact' | 'estimatedRestoration' | 'rootCause' | 'correlatedWith' | 'plan' | 'resolution' | 'restoredAt'
      >
    >,
  ): Promise<ServiceProblem>;
  /** Notes what a process did without moving the problem (kept in its history). */
  note(idempotencyKey: string, serviceProblemId: string, process: string, detail: string): Promise<void>;
  history(
    serviceProblemId: string,
  ): Promise<Array<{ from: string | null; to: string; process: string | null; detail: string | null; at: string }>>;
  /** One page of the problems that match, and how many match in all. */
  search(query: ServiceProblemSearch): Promise<Page<ServiceProblem>>;
  /** Open problems (not resolved, closed, cancelled or rejected) whose root cause is on this element. */
  openWithRootResource(resourceId: string): Promise<ServiceProblem[]>;
  /** The elements a service runs on (its assurance record), with what diagnosis needs of them. */
  elementsOf(serviceId: string): Promise<ServiceElement[]>;
  /** The active services carried by these elements or by elements under them (a card's ports). */
  servicesOn(resourceIds: string[]): Promise<Array<{ serviceId: string; customerId: string }>>;
}
