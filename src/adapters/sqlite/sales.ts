import type { Clock } from '../../ports/clock';
import type { SalesPort } from '../../ports/sales';
import type { Db } from './database';
import { createSqliteCrossUpSelling } from './cross-up-selling';
import { createSqliteMarketingCampaigns } from './marketing-campaigns';
import { createSqliteSelling } from './selling';

/** Marketing Fulfillment Response and Selling: campaigns, leads, prospects, quotes, customers won, recommendations. */
export function createSqliteSales(db: Db, clock: Clock): SalesPort {
  return {
    ...createSqliteMarketingCampaigns(db),
    ...createSqliteSelling(db, clock),
    ...createSqliteCrossUpSelling(db),
  };
}
