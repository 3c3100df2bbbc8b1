import type { Clock } from '../../ports/clock';
import type { AlarmPort } from '../../ports/alarms';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on RM&O Resource Trouble Management (1.A.3.3): the TMF642 alarm list. */
export function createSqliteAlarms(_db: Db, _clock: Clock): AlarmPort {
  return {};
}
