import type { Clock } from '../../ports/clock';
import type { PartnerProblemPort } from '../../ports/partner-problems';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on S/PRM S/P Problem Reporting & Management (1.A.4.3) and S/P Performance Management (1.A.4.4). */
export function createSqlitePartnerProblems(_db: Db, _clock: Clock): PartnerProblemPort {
  return {};
}
