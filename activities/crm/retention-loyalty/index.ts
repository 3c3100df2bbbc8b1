import type { Ports } from '../../../src/ports';
import { createAnalyzeAndManageCustomerRisk } from './analyze-manage-customer-risk';
import { createBuildCustomerInsight } from './build-customer-insight';
import { createEstablishAndTerminateCustomerRelationship } from './establish-terminate-customer-relationship';
import { createPersonalizeCustomerProfileForRetentionAndLoyalty } from './personalize-customer-profile-for-retention-loyalty';
import { createValidateCustomerSatisfaction } from './validate-customer-satisfaction';

/**
 * Retention & Loyalty (1.FAB.1.9): one verified identity per customer and a relationship that
 * begins with the first delivered order and ends with the last product; what the enterprise
 * knows of the customer, one risk methodology for everyone, retention offers to the customers
 * at risk, and the customer's own word on what was delivered or repaired.
 */
export function createRetentionLoyaltyActivities(
  ports: Pick<
    Ports,
    | 'customerRelationships'
    | 'customerManagement'
    | 'productOrders'
    | 'serviceInventory'
    | 'troubleTickets'
    | 'notifications'
    | 'clock'
  >,
) {
  return {
    establishAndTerminateCustomerRelationship: createEstablishAndTerminateCustomerRelationship(ports),
    buildCustomerInsight: createBuildCustomerInsight(ports),
    analyzeAndManageCustomerRisk: createAnalyzeAndManageCustomerRisk(ports),
    personalizeCustomerProfileForRetentionAndLoyalty: createPersonalizeCustomerProfileForRetentionAndLoyalty(ports),
    validateCustomerSatisfaction: createValidateCustomerSatisfaction(ports),
  };
}
