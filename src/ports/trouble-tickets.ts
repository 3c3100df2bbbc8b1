import type { Urgency } from '../domain/assurance/messages';
import type { TroubleTicketState } from '../domain/assurance/states';
import type { NewEvent } from './event-subscriptions';
import type { DateBound, Page } from './search';

/** A customer's trouble ticket (TMF621), as CRM Problem Handling (1.A.1.6) keeps it. */
export interface TroubleTicket {
  id: string;
  origin: 'customer' | 'network';
  customerId: string;
  serviceId: string | null;
  productId: string | null;
  description: string;
  urgency: Urgency;
  state: TroubleTicketState;
  serviceProblemId: string | null;
  /** The ticket this report was linked to, the problem being already known. */
  linkedTo: string | null;
  estimatedRestoration: string | null;
  escalatedAt: string | null;
  reopened: number;
  resolution: string | null;
  /** Agreed at closure: restored within the SLA (true), not (false), not assessed yet (null). */
  slaMet: boolean | null;
  /** The workflow following the ticket, to reach it by signal. */
  workflowId: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
}

export type NewTroubleTicket = Pick<
  TroubleTicket,
  'id' | 'origin' | 'customerId' | 'serviceId' | 'productId' | 'description' | 'urgency' | 'workflowId'
> & { serviceProblemId?: string | null };

export interface TroubleTicketNote {
  ticketId: string;
  author: string;
  text: string;
  at: string;
}

export interface TroubleTicketLink {
  ticketId: string;
  relatedId: string;
  relationship: 'isDuplicateOf' | 'hasDuplicate' | 'causedBy';
  at: string;
}

/** What the store keeps of a ticket beyond its row: its notes, links and status history. */
export interface TroubleTicketDetail {
  notes: readonly TroubleTicketNote[];
  links: readonly TroubleTicketLink[];
  history: ReadonlyArray<{ from: string | null; to: string; reason: string | null; at: string }>;
}

/**
 * The event a change of the ticket publishes (TMF621), built from the ticket as the change
 * leaves it: the adapter stores it with the change, in one transaction, and only when
 * something changed.
 */
export type TroubleTicketEvent = (ticket: TroubleTicket, detail: TroubleTicketDetail) => NewEvent;

/** Which tickets to list (TMF621 GET /troubleTicket): every criterion holds, newest first. */
export interface TroubleTicketSearch {
  ids?: string[];
  states?: TroubleTicketState[];
  urgencies?: Urgency[];
  customerIds?: string[];
  dates?: DateBound<'createdAt' | 'updatedAt' | 'resolvedAt'>[];
  offset: number;
  limit: number;
}

/**
 * The trouble tickets (TMF621). The adapter enforces the TMF621 state table
 * (TROUBLE_TICKET_TRANSITIONS): a move it forbids is refused (InvalidStateTransition) and
 * nothing changes. Every write takes an idempotency key; a retried call changes nothing twice.
 */
export interface TroubleTicketPort {
  /** Records a ticket, acknowledged. Recording the same id again returns the existing ticket. */
  record(idempotencyKey: string, ticket: NewTroubleTicket, event?: TroubleTicketEvent): Promise<TroubleTicket>;
  get(ticketId: string): Promise<TroubleTicket | undefined>;
  /** Moves the ticket; resolved → inProgress is a reopening, and is counted. */
  transition(
    idempotencyKey: string,
    ticketId: string,
    to: TroubleTicketState,
    reason: string | null,
    event?: TroubleTicketEvent,
  ): Promise<TroubleTicket>;
  update(
    idempotencyKey: string,
    ticketId: string,
    change: Partial<
      Pick<TroubleTicket, 'serviceId' | 'serviceProblemId' | 'linkedTo' | 'estimatedRestoration' | 'resolution'>
    > & { slaMet?: boolean },
  ): Promise<TroubleTicket>;
  /** Marks the ticket escalated (once) at a higher urgency. */
  escalate(
    idempotencyKey: string,
    ticketId: string,
    urgency: Urgency,
    reason: string,
    event?: TroubleTicketEvent,
  ): Promise<TroubleTicket>;
  addNote(
    idempotencyKey: string,
    ticketId: string,
    author: string,
    text: string,
    event?: TroubleTicketEvent,
  ): Promise<TroubleTicketNote>;
  notes(ticketId: string): Promise<TroubleTicketNote[]>;
  link(
    idempotencyKey: string,
    ticketId: string,
    relatedId: string,
    relationship: TroubleTicketLink['relationship'],
  ): Promise<TroubleTicketLink>;
  links(ticketId: string): Promise<TroubleTicketLink[]>;
  history(ticketId: string): Promise<Array<{ from: string | null; to: string; reason: string | null; at: string }>>;
  /** One page of the tickets that match, and how many match in all. */
  search(query: TroubleTicketSearch): Promise<Page<TroubleTicket>>;
  /** Tickets on a service still being worked (neither resolved nor finished), oldest first. */
  openOnService(serviceId: string): Promise<TroubleTicket[]>;
}
