import type { Ports } from '../../../src/ports';
import { createAnalyzeUsageRecords } from './analyze-usage-records';
import { createMediateUsageRecords } from './mediate-usage-records';
import { createRateUsageRecords } from './rate-usage-records';

/**
 * Service & Specific Instance Rating (1.B.2.5): mediate the usage records RM&O distributed
 * (validate, normalise, correlate duplicates, aggregate by service usage type; rejected records
 * kept and recyclable), rate them against the catalog's tariffs (per unit, tiers, time of day,
 * allowances), and analyse them for anomalies (fraud, or the answer to a complaint).
 */
export function createServiceSpecificInstanceRatingActivities(ports: Pick<Ports, 'usage' | 'eventSubscriptions'>) {
  return {
    mediateUsageRecords: createMediateUsageRecords(ports),
    rateUsageRecords: createRateUsageRecords(ports),
    analyzeUsageRecords: createAnalyzeUsageRecords(ports),
  };
}
