import { createPostgresCampaignPlans } from '../../src/adapters/postgres/campaign-plans';
import { campaignPlansContract, NOW } from './campaign-plans.contract';
import { onBothStores } from './table-rows';

onBothStores(campaignPlansContract, {
  database: 'campaign_plans',
  now: NOW,
  sqlite: (store) => store.ports.campaignPlans,
  postgres: createPostgresCampaignPlans,
});
