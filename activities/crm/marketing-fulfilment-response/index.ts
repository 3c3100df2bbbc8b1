import type { Ports } from '../../../src/ports';
import { createIssueAndDistributeMarketingCollaterals } from './issue-distribute-marketing-collaterals';
import { createTrackLeads } from './track-leads';

/**
 * Marketing Fulfilment Response (1.F.1.3): the collateral of a campaign goes straight to the
 * customers and prospects it targets, and the leads it raises are followed up and handed to
 * Selling. The campaign itself is Manage Campaign's (1.O.1.1.9): it arrives here as a record.
 */
export function createMarketingFulfilmentResponseActivities(
  ports: Pick<Ports, 'sales' | 'catalog' | 'customerManagement' | 'notifications' | 'campaignPlans' | 'clock'>,
) {
  return {
    issueAndDistributeMarketingCollaterals: createIssueAndDistributeMarketingCollaterals(ports),
    trackLeads: createTrackLeads(ports),
  };
}
