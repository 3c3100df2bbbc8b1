import { ParentClosePolicy, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import { BillingTimings } from '../../src/domain/billing/billing';
import { FinalBillInput, type FinalBillResult } from '../../src/domain/billing/final-bill';
import { SYSTEM_CALL } from '../shared/activity-options';
import { childStart, type ChildExtras } from '../shared/child';
import { markProgress } from '../shared/search-attributes';
import { validInput } from '../shared/valid-input';
import { billCollection, billCollectionStart, billCollectionWorkflowId } from './billing-collections-management';

/**
 * The final bill of a cease (1.B.1.8, #12): the ceased products priced up to the cease date,
 * prorated, with their usage not yet billed (1.B.1.8.2, which "may run in real time" rather than
 * in the cycle), made and sent (1.B.1.8.3), and collected like any bill (1.B.1.8.5, a
 * `billCollection` that outlives it). Its workflow id is the order's; the bill is made once for it.
 */

const crm = proxyActivities<CrmActivities>(SYSTEM_CALL);

export const finalBillWorkflowId = (orderId: string) => `${orderId}.final-bill`;

/** Order Handling starts the final bill on the CRM queue when a cease item completes. */
export function finalBillStart(workflowId: string, input: FinalBillInput, extras?: ChildExtras) {
  return childStart<typeof finalBill>('crm', workflowId, [input], extras);
}

const alreadyStarted = (err: unknown) => err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError';

export async function finalBill(input: FinalBillInput): Promise<FinalBillResult> {
  validInput(FinalBillInput, input);
  // The final bill's run is its own: the next cycle neither starts from it nor bills its days again.
  const billRunId = workflowInfo().workflowId;
  markProgress({ layer: 'CRM', process: '1.B.1.8.2', state: 'pricing' });
  const priced = await crm.applyPricingDiscountingAndRebates({
    billRunId,
    billingAccountId: input.billingAccountId,
    final: { productIds: input.productIds, ceasedAt: input.ceasedAt },
  });
  markProgress({ process: '1.B.1.8.3', state: 'delivering' });
  const timings = BillingTimings.parse({});
  await crm.createAndDeliverBill({ billId: priced.billId, paymentTermMs: timings.paymentTerm });
  if (priced.totalMinor > 0) {
    markProgress({ process: '1.B.1.8.5', state: 'collecting' });
    try {
      await startChild(
        billCollection,
        billCollectionStart(
          billCollectionWorkflowId(billRunId, priced.billId),
          { billId: priced.billId, customerId: priced.customerId, totalMinor: priced.totalMinor, timings },
          { parentClosePolicy: ParentClosePolicy.ABANDON },
        ),
      );
    } catch (err) {
      // Asked again for the same order: its bill's collection is already running.
      if (!alreadyStarted(err)) throw err;
    }
  }
  markProgress({ state: 'completed' });
  return { billId: priced.billId, totalMinor: priced.totalMinor, lines: priced.lines ?? 0 };
}
