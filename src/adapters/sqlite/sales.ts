import type { Clock } from '../../ports/clock';
import type { SalesPort } from '../../ports/sales';
import type { Db } from './database';

/** Placeholder, to be implemented by the work on Marketing Fulfilment Response (1.F.1.3) and Selling (1.F.1.4): campaigns, leads, prospects, quotes. */
export function createSqliteSales(_db: Db, _clock: Clock): SalesPort {
  return {};
}
