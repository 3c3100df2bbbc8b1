import type { Contact, CreditProfile, Customer, CustomerRequest, RequestStatus } from '../domain/customer';

/** Who the customers are and every contact and request they make (CRM data). */
export interface CustomerManagementPort {
  getCustomer(customerId: string): Promise<Customer | undefined>;
  getCreditProfile(customerId: string): Promise<CreditProfile | undefined>;
  openContact(
    idempotencyKey: string,
    contact: Pick<Contact, 'customerId' | 'channel' | 'reason' | 'summary'> & { openedAt: string; queued?: boolean },
  ): Promise<Contact>;
  /** Whether the contact was opened beyond its channel's agents, and waits for one. */
  isQueued(contactId: string): Promise<boolean>;
  /** The agents a channel has (null: not modelled) and the contacts open on it now. */
  contactCapacity(channel: Contact['channel']): Promise<{ agents: number | null; open: number }>;
  /** Sets a channel's agents (1.FAB.1.2.1 acting on a readiness action); once per key. */
  setContactCapacity(
    idempotencyKey: string,
    c: { channel: Contact['channel']; agents: number; setBy: string; at: string },
  ): Promise<number>;
  closeContact(idempotencyKey: string, contactId: string, closedAt: string): Promise<Contact>;
  getContact(contactId: string): Promise<Contact | undefined>;
  recordRequest(
    idempotencyKey: string,
    request: Pick<CustomerRequest, 'contactId' | 'customerId' | 'requestType' | 'payload'> & { at: string },
  ): Promise<CustomerRequest>;
  updateRequest(
    idempotencyKey: string,
    requestId: string,
    change: { status: RequestStatus; routedTo?: string; reference?: string; at: string },
  ): Promise<CustomerRequest>;
  getRequest(requestId: string): Promise<CustomerRequest | undefined>;
}
