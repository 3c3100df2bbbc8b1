import type { Clock } from '../../ports/clock';
import type { ResourcePerformancePort } from '../../ports/resource-performance';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on RM&O Resource Performance Management (1.A.3.4). */
export function createSqliteResourcePerformance(_db: Db, _clock: Clock): ResourcePerformancePort {
  return {};
}
