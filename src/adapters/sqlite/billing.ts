import type { BillingPort } from '../../ports/billing';
import type { Clock } from '../../ports/clock';
import type { Db } from './database';
import { createSqliteBillingAccounts } from './billing-accounts';
import { createSqliteBillingCollection } from './billing-collection';
import { createSqliteBillingInquiries } from './billing-inquiries';
import { createSqliteBillRuns } from './bill-runs';
import { createSqliteBills } from './bills';
import { createSqliteFinalBills } from './final-bills';

/** Billing & Collections Management: accounts, bill runs and bills, final bills, collection, and billing inquiries. */
export function createSqliteBilling(db: Db, clock: Clock): BillingPort {
  const now = () => clock().toISOString();
  return {
    ...createSqliteBillingAccounts(db),
    ...createSqliteBillRuns(db, now),
    ...createSqliteBills(db),
    ...createSqliteFinalBills(db, now),
    ...createSqliteBillingCollection(db, now),
    ...createSqliteBillingInquiries(db, now),
  };
}
