import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CustomerId } from '../../../src/domain/customer';
import { ManageRequestOutput } from '../../../src/domain/customer-request';
import type { Ports } from '../../../src/ports';

/** Requests a customer can make, and the process each one is handed to. */
export const REQUEST_ROUTES = {
  productOrder: '1.F.1.5', // Order Handling
  troubleReport: '1.A.1.6', // Problem Handling
  billingInquiry: '1.B.1.8', // Billing & Collections Management
  customerDetails: null, // answered at once from the customer record
  orderStatus: null,
} as const satisfies Record<string, string | null>;
export const RequestType = z.enum(Object.keys(REQUEST_ROUTES) as [keyof typeof REQUEST_ROUTES]);

export const ReceiveRequestInput = z.object({
  contactId: z.string().min(1),
  customerId: CustomerId.nullable(),
  requestType: RequestType,
  payload: z.record(z.string(), z.unknown()).default({}),
});
export const ProgressRequestInput = z.object({
  requestId: z.string().min(1),
  status: z.enum(['inProgress', 'closed', 'rejected']),
  reference: z.string().optional(),
});
export { ManageRequestOutput };

/**
 * 1.FAB.1.2.2 — receive a request; either satisfy it at once or hand it to the process that
 * does; track its status until every related activity is done, then close it formally.
 */
export function createManageRequest(ports: Pick<Ports, 'customerManagement' | 'clock'>) {
  const { customerManagement: customers, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcessHandlers(
    {
      etomId: '1.FAB.1.2.2',
      handlers: {
        receive: { input: ReceiveRequestInput, output: ManageRequestOutput },
        progress: { input: ProgressRequestInput, output: ManageRequestOutput },
      },
    },
    {
      async receive(input, call) {
        const contact = await customers.getContact(input.contactId);
        if (!contact) return reject(BusinessErrorType.NotFound, `no contact ${input.contactId}`);
        if (contact.closedAt)
          return reject(BusinessErrorType.InvalidStateTransition, `contact ${contact.id} is closed`);
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
      async progress(input, call) {
        const existing = await customers.getRequest(input.requestId);
        if (!existing) return reject(BusinessErrorType.NotFound, `no customer request ${input.requestId}`);
        // A retry whose attempt moved the request and lost its answer (#16's chaos): it is done.
        if (existing.status === input.status) return { request: existing, routedTo: existing.routedTo, answer: null };
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
      },
    },
  );
}
