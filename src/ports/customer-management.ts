import type { Contact, CreditProfile, Customer, CustomerRequest, RequestStatus } from '../domain/customer';

/** Who the customers are and every contact and request they make (CRM data). */
export interface CustomerManagementPort {
  getCustomer(customerId: string): Promise<Customer | undefined>;
  getCreditProfile(customerId: string): Promise<CreditProfile | undefined>;
  openContact(
    idempotencyKey: string,
    contact: Pick<Contact, 'customerId' | 'channel' | 'reason' | 'summary'> & { openedAt: string },
  ): Promise<Contact>;
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
