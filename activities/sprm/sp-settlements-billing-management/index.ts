import type { Ports } from '../../../src/ports';
import { createIssueSPSettlementNoticeAndPayment } from './issue-settlement-notice-payment';
import { createManageSPAccount } from './manage-account';
import { createNegotiateAndApproveSPInvoice } from './negotiate-approve-invoice';
import { createReceiveAndAssessSPInvoice } from './receive-assess-invoice';

/**
 * S/P Settlements & Billing Management (1.B.4.5): keep our own record of what each supplier
 * provides us, assess its invoice against that record, dispute the difference and approve
 * what is owed, then pay and send the settlement notice — with the revenue share the
 * contract gives a partner.
 */
export function createSpSettlementsBillingManagementActivities(
  ports: Pick<Ports, 'settlements' | 'notifications' | 'partnerInteractions' | 'readinessReports'>,
) {
  return {
    manageSPAccount: createManageSPAccount(ports),
    receiveAndAssessSPInvoice: createReceiveAndAssessSPInvoice(ports),
    negotiateAndApproveSPInvoice: createNegotiateAndApproveSPInvoice(ports),
    issueSPSettlementNoticeAndPayment: createIssueSPSettlementNoticeAndPayment(ports),
  };
}
