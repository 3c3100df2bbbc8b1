import type { Ports } from '../../../src/ports';
import { createApplyPricingDiscountingAndRebates } from './apply-pricing-discounting-rebates';
import { createCreateAndDeliverBill } from './create-deliver-bill';
import { createManageCollection } from './manage-collection';
import { createManageCustomerBillingAccount } from './manage-customer-billing-account';
import { createManageCustomerBillingInquiries } from './manage-customer-billing-inquiries';

/**
 * Billing & Collections Management (1.B.1.8): the billing account and the portfolio it bills,
 * pricing with discounts, rebates and the SLA credits assurance owes, the bill made and sent
 * as a document, inquiries answered from the rated records, and collection — payments,
 * dunning, suspension for non-payment and restoration.
 */
export function createBillingCollectionsManagementActivities(
  ports: Pick<
    Ports,
    'billing' | 'productOrders' | 'usage' | 'slaCredits' | 'notifications' | 'eventSubscriptions' | 'clock'
  >,
) {
  return {
    manageCustomerBillingAccount: createManageCustomerBillingAccount(ports),
    applyPricingDiscountingAndRebates: createApplyPricingDiscountingAndRebates(ports),
    createAndDeliverBill: createCreateAndDeliverBill(ports),
    manageCustomerBillingInquiries: createManageCustomerBillingInquiries(ports),
    manageCollection: createManageCollection(ports),
  };
}
