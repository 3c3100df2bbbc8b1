import type { Ports } from '../../../src/ports';
import { createSupportCustomerInterfaceManagement } from './support-customer-interface-management';
import { createSupportOrderHandling } from './support-order-handling';
import { createSupportProblemHandling } from './support-problem-handling';
import { createSupportBillingAndCollections } from './support-billing-collections';
import { createSupportRetentionAndLoyalty } from './support-retention-loyalty';
import { createSupportMarketingFulfillment } from './support-marketing-fulfillment';
import { createSupportSelling } from './support-selling';
import { createSupportCustomerQoSSLAManagement } from './support-customer-qos-sla-management';
import { createManageCampaign } from './manage-campaign';

/**
 * CRM Support & Readiness (1.O.1.1): make sure the CRM processes of fulfilment, assurance and
 * billing have what they need. Each process studies its trend on stored history, holds the
 * figures against their objectives, raises readiness actions where they are crossed, and stores
 * its report; Support Order Handling also keeps the number pools stocked and Manage Campaign
 * plans campaigns where the figures say there is room to sell.
 */
export function createCrmSupportReadinessActivities(
  ports: Pick<Ports, 'readinessReports' | 'operationalTrends' | 'numberBlocks' | 'campaignPlans' | 'billing' | 'clock'>,
) {
  return {
    supportCustomerInterfaceManagement: createSupportCustomerInterfaceManagement(ports),
    supportOrderHandling: createSupportOrderHandling(ports),
    supportProblemHandling: createSupportProblemHandling(ports),
    supportBillingAndCollections: createSupportBillingAndCollections(ports),
    supportRetentionAndLoyalty: createSupportRetentionAndLoyalty(ports),
    supportMarketingFulfillment: createSupportMarketingFulfillment(ports),
    supportSelling: createSupportSelling(ports),
    supportCustomerQoSSLAManagement: createSupportCustomerQoSSLAManagement(ports),
    manageCampaign: createManageCampaign(ports),
  };
}
