import { ChildWorkflowFailure, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { TroubleTicketRequest, type TroubleTicketRequestInput } from '../../../src/domain/assurance/messages';
import { ProductOrderRequest, type ProductOrderRequestInput } from '../../../src/domain/fulfilment/product-order';
import { BillingInquiryInput } from '../../../src/domain/workflow-inputs';
import { reasonOf } from '../../shared/failures';
import { billingInquiry, billingInquiryStart } from '../billing-collections-management';
import { productOrder, productOrderStart } from '../order-handling';
import { troubleTicket, troubleTicketStart } from '../problem-handling';

/** What the process a request was handed to made of it, as the request is closed with. */
export interface HandOff {
  /** The workflow (type and id) the request started: the process that serves it. */
  workflowType: 'productOrder' | 'troubleTicket' | 'billingInquiry' | null;
  workflowId: string | null;
  /** How the request ends: served (closed) or refused (rejected), by that process or before it. */
  status: 'closed' | 'rejected';
  /** That process's own outcome (the order's state, the ticket's, the inquiry's), or why none ran. */
  outcome: string;
}

/** A started process whose end the request waits for. */
interface Started {
  workflowType: NonNullable<HandOff['workflowType']>;
  workflowId: string;
  result: () => Promise<string>;
}

export type RoutedRequestType = 'productOrder' | 'troubleReport' | 'billingInquiry';

/**
 * 1.FAB.1.2.2 "identifies and activates the process that follows the request up": the request's
 * payload starts Order Handling (productOrder), Problem Handling (troubleTicket) or Billing
 * Inquiry (billingInquiry) on the CRM queue. Each child is abandoned on the interaction's close
 * (an order is the customer's, not the call's), yet awaited: the request is formally ended only
 * once that process has ended. The payload is checked against the called workflow's own
 * contract first, so a request it could not take is refused here, with the field named.
 */
export async function startHandOff(
  requestType: RoutedRequestType,
  customerId: string | null,
  payload: Record<string, unknown>,
): Promise<Started | HandOff> {
  if (customerId === null) return refused(`a ${requestType} request needs a known customer`);
  const self = workflowInfo().workflowId;
  const extras = { parentClosePolicy: ParentClosePolicy.ABANDON };
  try {
    if (requestType === 'productOrder') {
      const order = { ...payload, customerId } as ProductOrderRequestInput;
      const checked = ProductOrderRequest.safeParse(order);
      if (!checked.success) return refused(firstIssue(checked.error));
      const h = await startChild(productOrder, productOrderStart(checked.data.externalId, order, extras));
      return { workflowType: 'productOrder', workflowId: h.workflowId, result: async () => (await h.result()).state };
    }
    if (requestType === 'troubleReport') {
      // The customer does not know a ticket id: the ticket takes its id from this interaction.
      const ticket = {
        ticketId: `TT-${self}`,
        ...payload,
        origin: 'customer',
        customerId,
      } as TroubleTicketRequestInput;
      const checked = TroubleTicketRequest.safeParse(ticket);
      if (!checked.success) return refused(firstIssue(checked.error));
      const h = await startChild(troubleTicket, troubleTicketStart(checked.data.ticketId, ticket, extras));
      return { workflowType: 'troubleTicket', workflowId: h.workflowId, result: async () => (await h.result()).state };
    }
    const inquiry = { ...payload, customerId };
    const checked = BillingInquiryInput.safeParse(inquiry);
    if (!checked.success) return refused(firstIssue(checked.error));
    const h = await startChild(billingInquiry, billingInquiryStart(`BI-${self}`, checked.data, extras));
    return { workflowType: 'billingInquiry', workflowId: h.workflowId, result: async () => (await h.result()).state };
  } catch (err) {
    // The same order submitted again is the order already in hand: the request is linked to it.
    // (@temporalio/workflow does not export the error's class; its name is the SDK's own, stable.)
    const already = err as { name?: string; workflowId?: string };
    if (already.name === 'WorkflowExecutionAlreadyStartedError' && already.workflowId)
      return {
        workflowType: null,
        workflowId: already.workflowId,
        status: 'closed',
        outcome: 'linked to the run in hand',
      };
    throw err;
  }
}

/** Waits for the started process to end; a process that refused or failed rejects the request. */
export async function awaitHandOff(started: Started): Promise<HandOff> {
  const { workflowType, workflowId } = started;
  try {
    const outcome = await started.result();
    return { workflowType, workflowId, status: outcome === 'rejected' ? 'rejected' : 'closed', outcome };
  } catch (err) {
    if (!(err instanceof ChildWorkflowFailure)) throw err;
    return { workflowType, workflowId, status: 'rejected', outcome: reasonOf(err) };
  }
}

export const isStarted = (h: Started | HandOff): h is Started => 'result' in h;

function refused(outcome: string): HandOff {
  return { workflowType: null, workflowId: null, status: 'rejected', outcome };
}

function firstIssue(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || 'payload'}: ${issue.message}` : 'invalid payload';
}
