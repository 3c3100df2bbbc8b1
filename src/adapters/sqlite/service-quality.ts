import type { Clock } from '../../ports/clock';
import type { ServiceQualityPort } from '../../ports/service-quality';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on SM&O Service Quality Management (1.A.2.4). */
export function createSqliteServiceQuality(_db: Db, _clock: Clock): ServiceQualityPort {
  return {};
}
