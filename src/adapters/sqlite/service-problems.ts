import type { Clock } from '../../ports/clock';
import type { ServiceProblemPort } from '../../ports/service-problems';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on SM&O Service Problem Management (1.A.2.3): TMF656 service problems. */
export function createSqliteServiceProblems(_db: Db, _clock: Clock): ServiceProblemPort {
  return {};
}
