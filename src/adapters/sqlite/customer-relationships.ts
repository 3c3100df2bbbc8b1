import type { Clock } from '../../ports/clock';
import type { CustomerRelationshipPort } from '../../ports/customer-relationships';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on Retention & Loyalty (1.FAB.1.9): relationships, insight, risk, retention offers, satisfaction. */
export function createSqliteCustomerRelationships(_db: Db, _clock: Clock): CustomerRelationshipPort {
  return {};
}
