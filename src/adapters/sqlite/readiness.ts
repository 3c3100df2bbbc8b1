import type { Clock } from '../../ports/clock';
import type { ReadinessPort } from '../../ports/readiness';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on Operations Support & Readiness (1.O.*.1): trend reports, objectives, readiness actions, number blocks, discovery and reconciliation. */
export function createSqliteReadiness(_db: Db, _clock: Clock): ReadinessPort {
  return {};
}
