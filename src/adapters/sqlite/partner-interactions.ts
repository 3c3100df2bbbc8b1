import type { Clock } from '../../ports/clock';
import type { PartnerInteractionPort } from '../../ports/partner-interactions';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on S/P Interface Management (1.FAB.4.6): supplier requests and interactions. */
export function createSqlitePartnerInteractions(_db: Db, _clock: Clock): PartnerInteractionPort {
  return {};
}
