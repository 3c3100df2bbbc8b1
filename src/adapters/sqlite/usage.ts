import type { Clock } from '../../ports/clock';
import type { UsagePort } from '../../ports/usage';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on usage records: RM&O collection (1.AB.3.5) and SM&O rating (1.B.2.5). */
export function createSqliteUsage(_db: Db, _clock: Clock): UsagePort {
  return {};
}
