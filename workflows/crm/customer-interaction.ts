import { patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import type { ManageRequestOutput } from '../../src/domain/customer-request';
import type { Contact } from '../../src/domain/customer';
import { SYSTEM_CALL } from '../shared/activity-options';
import { customerInteractionState } from '../shared/lifecycle-messages';
import { CustomerInteractionInput as CustomerInteractionInputContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';
import {
  awaitHandOff,
  isStarted,
  startHandOff,
  type HandOff,
  type RoutedRequestType,
} from './customer-interaction/hand-off';

/**
 * Customer Interface Management (1.FAB.1.2) for one contact: the contact is opened
 * (1.FAB.1.2.1), the customer's request is received and either answered at once or handed to
 * the process that serves it (1.FAB.1.2.2), and the contact is closed whatever happened, so its
 * duration is always recorded. A request handed over starts that process (Order Handling, Problem
 * Handling, Billing Inquiry) with its payload; the request is in progress, referring to it, until
 * it ends, then formally closed (or rejected, when that process refused it).
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
  /** The process the request started and how it ended; null when answered at once (or before the hand-off existed). */
  handedOff: HandOff | null;
}

/** From this patch on, a routed request starts the process it names and waits for its end. */
export const REQUEST_STARTS_ITS_PROCESS = 'customer-request-starts-its-process';

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
  let contactClosed = false;
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
    if (handled.routedTo === null || !patched(REQUEST_STARTS_ITS_PROCESS)) {
      const contact = await manageContact({ action: 'close', contactId: opened.id });
      return { contact, request: handled.request, routedTo: handled.routedTo, answer: handled.answer, handedOff: null };
    }
    const requestId = handled.request.id;
    const started = await startHandOff(
      input.request.requestType as RoutedRequestType,
      input.customerId,
      input.request.payload ?? {},
    );
    if (isStarted(started)) {
      await manageRequest({ action: 'progress', requestId, status: 'inProgress', reference: started.workflowId });
      state.status = `in progress in ${started.workflowType} ${started.workflowId}`;
    }
    // The customer's contact ends with the call; the request lives on until its process ends.
    const contact = await manageContact({ action: 'close', contactId: opened.id });
    contactClosed = true;
    const handedOff = isStarted(started) ? await awaitHandOff(started) : started;
    const closed = await manageRequest({
      action: 'progress',
      requestId,
      status: handedOff.status,
      reference: handedOff.workflowId ?? undefined,
    });
    state.status = `${handedOff.status}: ${handedOff.outcome}`;
    return { contact, request: closed.request, routedTo: handled.routedTo, answer: null, handedOff };
  } catch (err) {
    if (!contactClosed) await manageContact({ action: 'close', contactId: opened.id });
    throw err;
  }
}
