import { ParentClosePolicy, executeChild, patched, proxyActivities } from '@temporalio/workflow';
import type { RmoActivities } from '../../activities/rmo';
import { BULK_CALL, SYSTEM_CALL } from '../shared/activity-options';
import { childStart, type ChildExtras } from '../shared/child';
import { markProgress } from '../shared/search-attributes';
import {
  usageRating,
  usageRatingStart,
  usageRatingWorkflowId,
  type UsageRatingResult,
} from '../smo/service-specific-instance-rating';
import { UsageCollectionRequest as UsageCollectionRequestContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';

/**
 * Resource Data Collection & Processing (1.AB.3.5) for usage, the RM&O step of a bill cycle:
 * collect (1.AB.3.5.1) what the network elements produced up to `periodEnd`, process it
 * (1.AB.3.5.2), audit the flow (1.AB.3.5.4), and distribute it (1.AB.3.5.3) to SM&O rating,
 * started as a child on the SM&O queue. Only the collection id and counts travel: the
 * records stay in the store (claim-check).
 */

const rmo = proxyActivities<RmoActivities>({ ...SYSTEM_CALL, startToCloseTimeout: '10 minutes' });
const rmoBulk = proxyActivities<RmoActivities>(BULK_CALL);

export interface UsageCollectionRequest {
  collectionId: string;
  periodEnd: string;
  /** The bill cycle whose counters the rating uses; null: collect only. */
  cycleId: string | null;
  customerId?: string;
}

export interface UsageCollectionResult {
  collectionId: string;
  periodStart: string;
  periodEnd: string;
  collected: number;
  formatErrors: number;
  audit: {
    auditId: string;
    produced: number;
    missing: number;
    duplicates: number;
    /** Absent from runs before the audit held distribution. */
    status?: 'passed' | 'failed' | 'settled';
    settlement?: string | null;
  };
  distributionId: string;
  rating: UsageRatingResult | null;
}

/** The usage collection of one bill run: `usageCollection/<bill run>`. */
export const usageCollectionWorkflowId = (billRunId: string) => `usageCollection/${billRunId}`;

/** Resource data collection runs on the RM&O queue. */
export function usageCollectionStart(workflowId: string, req: UsageCollectionRequest, extras?: ChildExtras) {
  return childStart<typeof usageCollection>('rmo', workflowId, [req], extras);
}

/** From this patch on, a failed audit (1.AB.3.5.4) is settled before distribution (1.AB.3.5.3). */
export const USAGE_AUDIT_HOLDS_DISTRIBUTION = 'usage-audit-holds-distribution';

export async function usageCollection(req: UsageCollectionRequest): Promise<UsageCollectionResult> {
  validInput(UsageCollectionRequestContract, req);
  const step = (process: string, state: string) => markProgress({ layer: 'RM&O', process, state });
  step('1.AB.3.5.1', 'collecting');
  const c = await rmo.collectResourceData({ collectionId: req.collectionId, periodEnd: req.periodEnd });
  step('1.AB.3.5.2', 'processing');
  const p = await rmoBulk.processResourceData({ collectionId: req.collectionId });
  step('1.AB.3.5.4', 'auditing');
  let audit = await rmo.auditResourceUsageData({ collectionId: req.collectionId });
  if (audit.status === 'failed' && patched(USAGE_AUDIT_HOLDS_DISTRIBUTION)) {
    // Distribution is held: the audit is settled first (late records taken, the rest written
    // off), and what it took is processed with the rest.
    step('1.AB.3.5.4', 'held');
    audit = await rmo.auditResourceUsageData({ collectionId: req.collectionId, settleAuditId: audit.auditId });
    await rmoBulk.processResourceData({ collectionId: req.collectionId });
  }
  step('1.AB.3.5.3', 'distributing');
  const d = await rmo.distributeResourceData({ collectionId: req.collectionId, consumer: '1.B.2.5 usageRating' });
  const rating =
    req.cycleId === null
      ? null
      : await executeChild(
          usageRating,
          usageRatingStart(
            usageRatingWorkflowId(req.collectionId),
            { collectionId: req.collectionId, records: d.records, cycleId: req.cycleId },
            { parentClosePolicy: ParentClosePolicy.TERMINATE },
          ),
        );
  step('1.AB.3.5.3', 'completed');
  return {
    collectionId: c.collectionId,
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    collected: c.collected,
    formatErrors: p.formatErrors,
    audit: {
      auditId: audit.auditId,
      produced: audit.produced,
      missing: audit.missing,
      duplicates: audit.duplicates,
      status: audit.status,
      settlement: audit.settlement,
    },
    distributionId: d.distributionId,
    rating,
  };
}
