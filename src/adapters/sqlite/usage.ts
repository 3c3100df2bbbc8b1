import type { Clock } from '../../ports/clock';
import type { UsagePort } from '../../ports/usage';
import type { Db } from './database';
import { createSqliteUsageAnalysis } from './usage-analysis';
import { createSqliteUsageAudit } from './usage-audit';
import { createSqliteUsageCollection } from './usage-collection';
import { createSqliteUsageMediation } from './usage-mediation';
import { createSqliteUsageRating } from './usage-rating';
import { createSqliteUsageRecords } from './usage-records';
import { createSqliteUsageSubmissions } from './usage-submissions';
import { createSqliteTariffs } from './usage-tariffs';

/** Usage, from the network elements (and TMF635) to rated records: collection, mediation, rating, analysis, and the tariffs. */
export function createSqliteUsage(db: Db, clock: Clock): UsagePort {
  const now = () => clock().toISOString();
  return {
    ...createSqliteUsageCollection(db, now),
    ...createSqliteUsageAudit(db, now),
    ...createSqliteUsageMediation(db, now),
    ...createSqliteUsageRating(db, now),
    ...createSqliteUsageAnalysis(db, now),
    ...createSqliteTariffs(db),
    ...createSqliteUsageRecords(db),
    ...createSqliteUsageSubmissions(db),
  };
}
