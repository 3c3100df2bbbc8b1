import type { Clock } from '../../ports/clock';
import type { CustomerSlaPort } from '../../ports/customer-sla';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on CRM Customer QoS/SLA Management (1.A.1.7). */
export function createSqliteCustomerSla(_db: Db, _clock: Clock): CustomerSlaPort {
  return {};
}
