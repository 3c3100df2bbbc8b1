import type { Ports } from '../../src/ports';
import { createCrmSupportReadinessActivities } from './crm-support-readiness';
import { createRetentionLoyaltyActivities } from './retention-loyalty';
import { createSellingActivities } from './selling';
import { createMarketingFulfilmentResponseActivities } from './marketing-fulfilment-response';
import { createBillingCollectionsManagementActivities } from './billing-collections-management';
import { createCustomerQosSlaManagementActivities } from './customer-qos-sla-management';
import { createProblemHandlingActivities } from './problem-handling';
import { createCustomerInterfaceManagementActivities } from './customer-interface-management';
import { createOrderHandlingActivities } from './order-handling';

/** Every Level-3 process of the CRM layer, as the activities the CRM worker registers. */
export function createCrmActivities(ports: Ports) {
  return {
    ...createCrmSupportReadinessActivities(ports),
    ...createRetentionLoyaltyActivities(ports),
    ...createSellingActivities(ports),
    ...createMarketingFulfilmentResponseActivities(ports),
    ...createBillingCollectionsManagementActivities(ports),
    ...createCustomerQosSlaManagementActivities(ports),
    ...createProblemHandlingActivities(ports),
    ...createCustomerInterfaceManagementActivities(ports),
    ...createOrderHandlingActivities(ports),
  };
}
export type CrmActivities = ReturnType<typeof createCrmActivities>;
