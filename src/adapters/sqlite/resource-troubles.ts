import type { Clock } from '../../ports/clock';
import type { ResourceTroublePort } from '../../ports/resource-troubles';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on RM&O Resource Trouble Management (1.A.3.3): resource trouble reports. */
export function createSqliteResourceTroubles(_db: Db, _clock: Clock): ResourceTroublePort {
  return {};
}
