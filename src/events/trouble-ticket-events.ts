import { TROUBLE_TICKET_SPEC } from '../api/trouble-ticket';
import { ASSURANCE_APIS, fromRecord } from '../api/trouble-ticket/representation';
import type { TroubleTicketEvent } from '../ports/trouble-tickets';
import { apiAddress, resourceEvent } from './address';

/** The API whose listeners hear of trouble tickets, by its name in the base path. */
export const TROUBLE_TICKET_API = ASSURANCE_APIS.troubleTicket;

const TMF621 = apiAddress(TROUBLE_TICKET_SPEC, TROUBLE_TICKET_API);

/**
 * TMF621's trouble ticket events (its /listener paths): a new ticket, every move of its
 * status, and a change of its attributes (a note added, the ticket escalated).
 */
export type TroubleTicketEventType =
  'TroubleTicketCreateEvent' | 'TroubleTicketStatusChangeEvent' | 'TroubleTicketAttributeValueChangeEvent';

/** The event a change of the ticket publishes, to be stored with the change. */
export const troubleTicketEvent =
  (eventType: TroubleTicketEventType): TroubleTicketEvent =>
  (ticket, detail) =>
    resourceEvent(TROUBLE_TICKET_API, 'troubleTicket', eventType, fromRecord(TMF621, ticket, detail));
