import { patched } from '@temporalio/workflow';
import { businessRejection } from '../../shared/failures';
import { markProgress } from '../../shared/search-attributes';
import type { ProductOrderOutcome } from '../order-handling';
import { at, crm, type OrderRun } from './run';

/** The customer's contact and request the order came in by (1.FAB.1.2), closed when it ends. */
export interface OrderContact {
  contactId: string;
  requestId: string;
}

/** Customer Interface Management: the order enters the way a customer's would. */
export async function receiveThroughCustomerInterface(run: OrderRun): Promise<OrderContact> {
  const { orderId, input } = run;
  const open = (customerId: string | null) =>
    crm.manageContact({
      action: 'open',
      customerId,
      channel: input.channel ?? 'web',
      reason: 'product order',
      summary: `order ${orderId}: ${input.items.length} item(s)`,
    });
  // Someone the operator does not know as a customer is still someone who called: the contact is
  // recorded without a customer, and 1.F.1.5.3 rejects the order with the reason, as it does an
  // unknown offering — one way for every business "no", the contact and request then closed.
  let customerId: string | null = input.customerId;
  const contact = await open(customerId).catch((err: unknown) => {
    if (businessRejection(err)?.type !== 'NotFound') throw err;
    customerId = null;
    return open(null);
  });
  at(run, '1.FAB.1.2.2');
  const request = await crm.manageRequest({
    action: 'receive',
    contactId: contact.id,
    customerId,
    requestType: 'productOrder',
    payload: { orderId, items: input.items.map((i) => i.productOfferingId) },
  });
  return { contactId: contact.id, requestId: request.request.id };
}

/**
 * From this patch on, the request and the contact are closed side by side. Runs made before it
 * close the request, then the contact, as they did.
 */
export const REQUEST_AND_CONTACT_CLOSED_TOGETHER = 'request-and-contact-closed-together';

/**
 * The customer's request is answered (closed, or rejected) and the contact closed. The two are
 * independent: each writes its own record (customer_requests, contacts), and neither reads the other.
 */
export async function closeWithCustomer(
  run: OrderRun,
  contact: OrderContact,
  requestStatus: 'closed' | 'rejected',
): Promise<ProductOrderOutcome> {
  const answerRequest = () =>
    crm.manageRequest({
      action: 'progress',
      requestId: contact.requestId,
      status: requestStatus,
      reference: run.orderId,
    });
  const closeContact = () => crm.manageContact({ action: 'close', contactId: contact.contactId });
  if (patched(REQUEST_AND_CONTACT_CLOSED_TOGETHER)) await Promise.all([answerRequest(), closeContact()]);
  else {
    await answerRequest();
    await closeContact();
  }
  markProgress({ state: run.view.state, process: run.view.currentProcess ?? undefined });
  return { ...run.view, billingAccountId: null, products: [] };
}
