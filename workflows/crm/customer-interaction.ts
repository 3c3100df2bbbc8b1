import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import type { ManageRequestOutput } from '../../src/domain/customer-request';
import type { Contact } from '../../src/domain/customer';
import { SYSTEM_CALL } from '../shared/activity-options';
import { customerInteractionState } from '../shared/lifecycle-messages';
import { CustomerInteractionInput as CustomerInteractionInputContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';

/**
 * Customer Interface Management (1.FAB.1.2) for one contact: the contact is opened
 * (1.FAB.1.2.1), the customer's request is received and either answered at once or handed to
 * the process that serves it (1.FAB.1.2.2), and the contact is closed whatever happened, so its
 * duration is always recorded.
 */
export interface CustomerInteractionInput {
  customerId: string | null;
  channel: 'phone' | 'email' | 'web' | 'shop' | 'chat' | 'partner';
  reason: string;
  request: {
    requestType: 'productOrder' | 'troubleReport' | 'billingInquiry' | 'customerDetails' | 'orderStatus';
    payload?: Record<string, unknown>;
  };
}

export interface CustomerInteractionResult {
  contact: Contact;
  request: ManageRequestOutput['request'];
  routedTo: string | null;
  answer: Record<string, unknown> | null;
}

const { manageContact, manageRequest } = proxyActivities<CrmActivities>(SYSTEM_CALL);

export async function customerInteraction(input: CustomerInteractionInput): Promise<CustomerInteractionResult> {
  validInput(CustomerInteractionInputContract, input);
  const state: { contactId?: string; requestId?: string; status: string } = { status: 'opening' };
  setHandler(customerInteractionState, () => state);

  const opened = await manageContact({
    action: 'open',
    customerId: input.customerId,
    channel: input.channel,
    reason: input.reason,
    summary: `${input.request.requestType} via ${input.channel}`,
  });
  state.contactId = opened.id;
  state.status = 'open';
  try {
    const handled = await manageRequest({
      action: 'receive',
      contactId: opened.id,
      customerId: input.customerId,
      requestType: input.request.requestType,
      payload: input.request.payload ?? {},
    });
    state.requestId = handled.request.id;
    state.status = handled.routedTo ? `routed to ${handled.routedTo}` : 'answered';
    const contact = await manageContact({ action: 'close', contactId: opened.id });
    return { contact, request: handled.request, routedTo: handled.routedTo, answer: handled.answer };
  } catch (err) {
    await manageContact({ action: 'close', contactId: opened.id });
    throw err;
  }
}
