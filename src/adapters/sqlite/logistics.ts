import type { Clock } from '../../ports/clock';
import type { LogisticsPort } from '../../ports/logistics';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on Manage Logistics (1.O.3.1.7): warehouse stock of CPE and spares, shipments and returns. */
export function createSqliteLogistics(_db: Db, _clock: Clock): LogisticsPort {
  return {};
}
