import type { CompleteOutput } from '../../src/domain/fulfilment/customer-order';
import {
  type Characteristics,
  type ProductOrderItemAction,
  type ProductOrderItemState,
  ProductOrderRequest,
  type ProductOrderRequestInput,
  type ProductOrderState,
} from '../../src/domain/fulfilment/product-order';
import type { ServiceOrderState } from '../../src/domain/fulfilment/service-order';
import { childStart, type ChildExtras } from '../shared/child';
import { validInput } from '../shared/valid-input';
import { cancelBeforeIssue, rejectOrder } from './order-handling/before-issue';
import { closeWithCustomer, receiveThroughCustomerInterface } from './order-handling/customer-interface';
import { handleOrderMessages } from './order-handling/handlers';
import { watchJeopardy } from './order-handling/jeopardy';
import { changesProducts, type FollowUps, rememberItems, settleChanges } from './order-handling/lifecycle';
import { newOrderRun } from './order-handling/run';
import { runServiceOrders, settleItems } from './order-handling/service-orders';
import {
  authorizeCredit,
  completeCustomerOrder,
  determineFeasibilityAndCredit,
  issueOrdersAndCommit,
  receivePurchaseOrder,
} from './order-handling/steps';

/**
 * Order Handling (1.F.1.5), the CRM side of fulfilment: one workflow per customer order, whose
 * id is the order's external id (so a resubmission is the same order). It receives the order
 * through Customer Interface Management, checks feasibility with SM&O (who asks RM&O) and the
 * customer's credit, issues one service order per customer-facing service to SM&O as child
 * workflows, tracks them against the committed date, and completes the order with the customer.
 * Its items add products, or modify, cease (delete) or name (noChange) products the customer
 * holds (#12, order-handling/lifecycle.ts); a completed order hands the customer to Retention &
 * Loyalty, and a cease starts the final bill.
 */

export interface ServiceOrderView {
  id: string;
  state: ServiceOrderState | 'starting';
  /** The last SM&O process the service order reported. */
  etomId: string | null;
  serviceId: string | null;
  reason: string | null;
}

export interface ProductOrderView {
  orderId: string;
  customerId: string;
  state: ProductOrderState;
  reason: string | null;
  /** The Level-3 process the order is in now. */
  currentProcess: string | null;
  committedDate: string | null;
  jeopardies: string[];
  items: Array<{
    itemId: string;
    /** TMF622's action of the item (#12); absent in runs made before it: add. */
    action?: ProductOrderItemAction;
    state: ProductOrderItemState;
    reason: string | null;
    serviceOrders: ServiceOrderView[];
  }>;
}

export type ProductOrderOutcome = ProductOrderView &
  Pick<CompleteOutput, 'billingAccountId' | 'products' | 'changes'> &
  Partial<FollowUps>;

export interface Amendment {
  requestedCompletionDate?: string;
  items?: Array<{ itemId: string; characteristics: Characteristics }>;
}

/** The order a won sales opportunity places: `<opportunity>.order` (an order id, 64 characters at most). */
export const productOrderFromSaleId = (salesOpportunityId: string) => `${salesOpportunityId}.order`;

/** A product order runs on the CRM queue; its id is the order's external id. */
export function productOrderStart(workflowId: string, order: Parameters<typeof productOrder>[0], extras?: ChildExtras) {
  return childStart<typeof productOrder>('crm', workflowId, [order], extras);
}

export async function productOrder(input: ProductOrderRequestInput): Promise<ProductOrderOutcome> {
  const run = newOrderRun(validInput(ProductOrderRequest, input));
  handleOrderMessages(run);
  const contact = await receiveThroughCustomerInterface(run);

  const received = await receivePurchaseOrder(run, contact); // 1.F.1.5.3
  if (!received) return closeWithCustomer(run, contact, 'rejected');
  rememberItems(run, received);
  if (run.cancel.request) return cancelBeforeIssue(run, contact);

  // 1.F.1.5.1, with 1.F.1.5.2 beside it.
  const { infeasible, refused: creditRefused } = await determineFeasibilityAndCredit(run, received);
  if (infeasible) return rejectOrder(run, contact, infeasible);
  if (run.cancel.request) return cancelBeforeIssue(run, contact);

  const refused = creditRefused !== undefined ? creditRefused : await authorizeCredit(run); // 1.F.1.5.2
  if (refused) {
    run.view.currentProcess = '1.F.1.5.2';
    return rejectOrder(run, contact, refused);
  }
  if (run.cancel.request) return cancelBeforeIssue(run, contact);

  const issued = await issueOrdersAndCommit(run); // 1.F.1.5.3, 1.F.1.5.4

  // 1.F.1.5.4: the service orders run while a timer watches the committed date.
  const serviceOrders = runServiceOrders(run, issued.serviceOrders);
  const jeopardy = watchJeopardy(run);
  const results = await serviceOrders;
  // An order changing products is all or nothing; an order of adds settles item by item.
  if (changesProducts(run)) await settleChanges(run, issued.serviceOrders);
  else await settleItems(run, issued.serviceOrders);
  await jeopardy;

  return completeCustomerOrder(run, contact, (id) => results.get(id)?.serviceId ?? undefined); // 1.F.1.5.5
}
