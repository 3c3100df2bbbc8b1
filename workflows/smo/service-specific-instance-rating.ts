import { proxyActivities } from '@temporalio/workflow';
import type { SmoActivities } from '../../activities/smo';
import { BULK_CALL, SYSTEM_CALL } from '../shared/activity-options';
import { childStart, type ChildExtras } from '../shared/child';
import { markProgress } from '../shared/search-attributes';
import { UsageRatingRequest as UsageRatingRequestContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';

/**
 * Service & Specific Instance Rating (1.B.2.5): the records RM&O distributed, by reference —
 * mediated (1.B.2.5.1), rated against the cycle's counters (1.B.2.5.2) and analysed
 * (1.B.2.5.3). The result is counts and totals; the rated records wait in the store for CRM.
 */

const smo = proxyActivities<SmoActivities>({ ...SYSTEM_CALL, startToCloseTimeout: '10 minutes' });
const smoBulk = proxyActivities<SmoActivities>(BULK_CALL);

export interface UsageRatingRequest {
  collectionId: string;
  records: number;
  cycleId: string;
}
export interface UsageRatingResult {
  collectionId: string;
  guided: number;
  rejected: Record<string, number>;
  rated: number;
  chargeMinor: number;
  reportId: string;
  anomalies: number;
}

/** The rating of one usage collection: `usageRating/<collection>`. */
export const usageRatingWorkflowId = (collectionId: string) => `usageRating/${collectionId}`;

/** Service-specific instance rating runs on the SM&O queue. */
export function usageRatingStart(workflowId: string, req: UsageRatingRequest, extras?: ChildExtras) {
  return childStart<typeof usageRating>('smo', workflowId, [req], extras);
}

export async function usageRating(req: UsageRatingRequest): Promise<UsageRatingResult> {
  validInput(UsageRatingRequestContract, req);
  markProgress({ layer: 'SM&O', process: '1.B.2.5.1', state: 'mediating' });
  const m = await smoBulk.mediateUsageRecords({ action: 'mediate', collectionId: req.collectionId });
  markProgress({ process: '1.B.2.5.2', state: 'rating' });
  const r = await smoBulk.rateUsageRecords({ collectionId: req.collectionId, cycleId: req.cycleId });
  markProgress({ process: '1.B.2.5.3', state: 'analysing' });
  const a = await smo.analyzeUsageRecords({ collectionId: req.collectionId });
  markProgress({ state: 'completed' });
  return {
    collectionId: req.collectionId,
    guided: m.guided,
    rejected: m.rejected as Record<string, number>,
    rated: r.rated,
    chargeMinor: r.chargeMinor,
    reportId: a.reportId,
    anomalies: a.anomalies.length,
  };
}
