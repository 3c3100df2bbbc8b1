import type { Clock } from '../../ports/clock';
import type { SettlementPort } from '../../ports/settlements';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on S/PRM S/P Settlements & Billing Management (1.B.4.5). */
export function createSqliteSettlements(_db: Db, _clock: Clock): SettlementPort {
  return {};
}
