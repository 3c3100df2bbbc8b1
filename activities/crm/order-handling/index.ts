import type { Ports } from '../../../src/ports';
import { createAuthorizeCredit } from './authorize-credit';
import { createCompleteCustomerOrder } from './complete-customer-order';
import { createDetermineCustomerOrderFeasibility } from './determine-customer-order-feasibility';
import { createReceivePurchaseOrderAndIssueOrders } from './receive-po-issue-orders';
import { createTrackAndManageCustomerOrderHandling } from './track-manage-customer-order-handling';

/**
 * Order Handling (1.F.1.5): accepting and issuing the customer's orders. The workflow
 * (workflows/crm/order-handling.ts) runs these five processes; each owns its part of the
 * TMF622 order record in the store.
 */
export function createOrderHandlingActivities(
  ports: Pick<
    Ports,
    | 'catalog'
    | 'customerManagement'
    | 'productOrders'
    | 'sales'
    | 'notifications'
    | 'eventSubscriptions'
    | 'clock'
    | 'serviceInventory'
  >,
) {
  return {
    determineCustomerOrderFeasibility: createDetermineCustomerOrderFeasibility(ports),
    authorizeCredit: createAuthorizeCredit(ports),
    receivePurchaseOrderAndIssueOrders: createReceivePurchaseOrderAndIssueOrders(ports),
    trackAndManageCustomerOrderHandling: createTrackAndManageCustomerOrderHandling(ports),
    completeCustomerOrder: createCompleteCustomerOrder(ports),
  };
}
