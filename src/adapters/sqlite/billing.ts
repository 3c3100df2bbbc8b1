import type { Clock } from '../../ports/clock';
import type { BillingPort } from '../../ports/billing';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on CRM Billing & Collections Management (1.B.1.8). */
export function createSqliteBilling(_db: Db, _clock: Clock): BillingPort {
  return {};
}
