import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { Contact, ContactChannel, CustomerId, CustomerRequest } from '../../src/domain/customer';
import { ContactReport } from '../../src/domain/lifecycle/relationship';
import type { Ports } from '../../src/ports';

/**
 * Customer Interface Management (1.FAB.1.2): every way a customer reaches the operator goes
 * through here, so that each contact is known and each request ends up with the process that
 * answers it.
 */

export const ManageContactInput = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('open'),
    customerId: CustomerId.nullable(),
    channel: ContactChannel,
    reason: z.string().min(1),
    summary: z.string().min(1),
  }),
  z.object({ action: z.literal('close'), contactId: z.string().min(1) }),
]);
export type ManageContactInput = z.input<typeof ManageContactInput>;

/** Requests a customer can make, and the process each one is handed to. */
export const REQUEST_ROUTES = {
  productOrder: '1.F.1.5', // Order Handling
  troubleReport: '1.A.1.6', // Problem Handling
  billingInquiry: '1.B.1.8', // Billing & Collections Management
  customerDetails: null, // answered at once from the customer record
  orderStatus: null,
} as const satisfies Record<string, string | null>;
export const RequestType = z.enum(Object.keys(REQUEST_ROUTES) as [keyof typeof REQUEST_ROUTES]);

export const ManageRequestInput = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('receive'),
    contactId: z.string().min(1),
    customerId: CustomerId.nullable(),
    requestType: RequestType,
    payload: z.record(z.string(), z.unknown()).default({}),
  }),
  z.object({
    action: z.literal('progress'),
    requestId: z.string().min(1),
    status: z.enum(['inProgress', 'closed', 'rejected']),
    reference: z.string().optional(),
  }),
]);
export type ManageRequestInput = z.input<typeof ManageRequestInput>;

export const ManageRequestOutput = z.object({
  request: CustomerRequest,
  /** The eTOM process the request was handed to, or null when it was answered at once. */
  routedTo: z.string().nullable(),
  /** What the customer was told straight away when the request was self-served. */
  answer: z.record(z.string(), z.unknown()).nullable(),
});
export type ManageRequestOutput = z.infer<typeof ManageRequestOutput>;

export const AnalyzeContactsInput = z.object({
  /** One customer's contacts, or (null) every contact of the enterprise. */
  customerId: CustomerId.nullable().default(null),
});
export type AnalyzeContactsInput = z.input<typeof AnalyzeContactsInput>;

/** A contact about the same reason within this many days of the previous one is a repeat. */
export const REPEAT_CONTACT_DAYS = 7;

export function createCustomerInterfaceManagementActivities(
  ports: Pick<Ports, 'customerManagement' | 'clock' | 'customerRelationships'>,
) {
  const { customerManagement: customers, clock, customerRelationships } = ports;
  const now = () => clock().toISOString();

  /** 1.FAB.1.2.1 — identify the contact, record it, keep it up to date, close it. */
  const manageContact = defineProcess(
    { etomId: '1.FAB.1.2.1', input: ManageContactInput, output: Contact },
    async (input, call) => {
      if (input.action === 'close') {
        const contact = await customers.getContact(input.contactId);
        if (!contact) return reject(BusinessErrorType.NotFound, `no contact ${input.contactId}`);
        return customers.closeContact(call.idempotencyKey, input.contactId, now());
      }
      if (input.customerId !== null && !(await customers.getCustomer(input.customerId))) {
        return reject(BusinessErrorType.NotFound, `no customer ${input.customerId}`);
      }
      return customers.openContact(call.idempotencyKey, { ...input, openedAt: now() });
    },
  );

  /**
   * 1.FAB.1.2.2 — receive a request; either satisfy it at once or hand it to the process that
   * does; track its status until every related activity is done, then close it formally.
   */
  const manageRequest = defineProcess(
    { etomId: '1.FAB.1.2.2', input: ManageRequestInput, output: ManageRequestOutput },
    async (input, call) => {
      if (input.action === 'progress') {
        const existing = await customers.getRequest(input.requestId);
        if (!existing) return reject(BusinessErrorType.NotFound, `no customer request ${input.requestId}`);
        if (existing.status === 'closed' || existing.status === 'rejected') {
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `request ${input.requestId} is already ${existing.status}`,
          );
        }
        const request = await customers.updateRequest(call.idempotencyKey, input.requestId, {
          status: input.status,
          reference: input.reference,
          at: now(),
        });
        return { request, routedTo: request.routedTo, answer: null };
      }

      const contact = await customers.getContact(input.contactId);
      if (!contact) return reject(BusinessErrorType.NotFound, `no contact ${input.contactId}`);
      if (contact.closedAt) return reject(BusinessErrorType.InvalidStateTransition, `contact ${contact.id} is closed`);
      const customer = input.customerId ? await customers.getCustomer(input.customerId) : undefined;
      if (input.customerId && !customer) return reject(BusinessErrorType.NotFound, `no customer ${input.customerId}`);

      const received = await customers.recordRequest(`${call.idempotencyKey}/record`, {
        contactId: input.contactId,
        customerId: input.customerId,
        requestType: input.requestType,
        payload: input.payload,
        at: now(),
      });
      const route = REQUEST_ROUTES[input.requestType];
      if (route !== null) {
        const request = await customers.updateRequest(`${call.idempotencyKey}/route`, received.id, {
          status: 'routed',
          routedTo: route,
          at: now(),
        });
        return { request, routedTo: route, answer: null };
      }
      if (!customer) return reject(BusinessErrorType.InvalidInput, `${input.requestType} needs a known customer`);
      const answer = {
        name: customer.name,
        segment: customer.segment,
        region: customer.region,
        status: customer.status,
      };
      const request = await customers.updateRequest(`${call.idempotencyKey}/answer`, received.id, {
        status: 'selfServed',
        at: now(),
      });
      return { request, routedTo: null, answer };
    },
  );

  /**
   * 1.FAB.1.2.3 — analyse the contacts made and the requests they carried (satisfied or not),
   * and keep the report, for process improvement, problem prevention and up-selling.
   */
  const analyzeAndReportOnCustomer = defineProcess(
    { etomId: '1.FAB.1.2.3', input: AnalyzeContactsInput, output: ContactReport },
    async ({ customerId }, call) => {
      if (customerId !== null && !(await customers.getCustomer(customerId))) {
        return reject(BusinessErrorType.NotFound, `no customer ${customerId}`);
      }
      const { contacts, requests } = await customerRelationships.contactsOf(customerId);
      const tally = (keys: string[]) =>
        keys.reduce<Record<string, number>>((t, k) => ({ ...t, [k]: (t[k] ?? 0) + 1 }), {});
      const durations = contacts.map((c) => c.durationSeconds).filter((d): d is number => d !== null);
      const lastSeen = new Map<string, number>();
      let repeatContacts = 0;
      for (const c of contacts) {
        if (c.customerId === null) continue;
        const key = `${c.customerId}|${c.reason}`;
        const at = Date.parse(c.openedAt);
        const previous = lastSeen.get(key);
        if (previous !== undefined && at - previous <= REPEAT_CONTACT_DAYS * 86_400_000) repeatContacts++;
        lastSeen.set(key, at);
      }
      return customerRelationships.recordContactReport(call.idempotencyKey, {
        customerId,
        contacts: contacts.length,
        open: contacts.filter((c) => c.closedAt === null).length,
        byChannel: tally(contacts.map((c) => c.channel)),
        byReason: tally(contacts.map((c) => c.reason)),
        averageDurationSeconds: durations.length
          ? Math.round(durations.reduce((s, d) => s + d, 0) / durations.length)
          : null,
        longestDurationSeconds: durations.length ? Math.max(...durations) : null,
        repeatContacts,
        requests: {
          total: requests.length,
          byType: tally(requests.map((r) => r.requestType)),
          satisfied: requests.filter((r) => r.status === 'closed' || r.status === 'selfServed').length,
          unsatisfied: requests.filter((r) => r.status === 'rejected').length,
          selfServed: requests.filter((r) => r.status === 'selfServed').length,
        },
        createdAt: now(),
      });
    },
  );

  return { manageContact, manageRequest, analyzeAndReportOnCustomer };
}
