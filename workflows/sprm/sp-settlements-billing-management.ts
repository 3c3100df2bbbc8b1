import { proxyActivities } from '@temporalio/workflow';
import type { SprmActivities } from '../../activities/sprm';
import { SYSTEM_CALL } from '../shared/activity-options';
import { childStart, type ChildExtras } from '../shared/child';
import { markProgress } from '../shared/search-attributes';
import { PartnerSettlementRequest as PartnerSettlementRequestContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';
import type { SupplierPaymentQuestion } from '../../src/domain/lifecycle/partner-interaction';

/**
 * S/P Settlements & Billing Management (1.B.4.5): when the enterprise starts a settlement
 * cycle, our records of each supplier's provision (1.B.4.5.1), its invoice assessed against
 * them (1.B.4.5.2), the difference disputed and the invoice approved (1.B.4.5.3), then the
 * settlement notice and payment, revenue share included (1.B.4.5.4).
 */

const sprm = proxyActivities<SprmActivities>(SYSTEM_CALL);

export interface PartnerSettlementRequest {
  period: string;
  /** A supplier's payment question routed by 1.FAB.4.6.1 (period 'open'): answered, nothing settled. */
  question?: SupplierPaymentQuestion;
}
export interface PartnerSettlementResult {
  period: string;
  suppliers: Array<{
    supplierId: string;
    invoiceId: string;
    invoicedMinor: number;
    expectedMinor: number;
    disputeId: string | null;
    disputeState: string | null;
    approvedMinor: number;
    settlementId: string;
    paidMinor: number;
    revenueShareMinor: number;
  }>;
  /** The answer to a supplier's payment question, as sent to it. */
  answer?: Record<string, unknown>;
}

/** The settlement with suppliers that closes a bill run: `partnerSettlement/<bill run>`. */
export const partnerSettlementWorkflowId = (billRunId: string) => `partnerSettlement/${billRunId}`;

/** S/P Settlements & Billing Management runs on the S/PRM queue. */
export function partnerSettlementStart(workflowId: string, req: PartnerSettlementRequest, extras?: ChildExtras) {
  return childStart<typeof partnerSettlement>('sprm', workflowId, [req], extras);
}

export async function partnerSettlement(req: PartnerSettlementRequest): Promise<PartnerSettlementResult> {
  validInput(PartnerSettlementRequestContract, req);
  if (req.question) {
    // A question, not a cycle: the supplier's account as it stands answers it (1.B.4.5.1).
    markProgress({ layer: 'S/PRM', process: '1.B.4.5.1', state: 'answering' });
    const { answer } = await sprm.manageSPAccount({ period: req.period, question: req.question });
    markProgress({ state: 'completed' });
    return { period: req.period, suppliers: [], ...(answer ? { answer } : {}) };
  }
  markProgress({ layer: 'S/PRM', process: '1.B.4.5.1', state: 'accounting' });
  const account = await sprm.manageSPAccount({ period: req.period });
  const suppliers: PartnerSettlementResult['suppliers'] = [];
  for (const s of account.suppliers) {
    markProgress({ process: '1.B.4.5.2', state: 'assessing' });
    const inv = await sprm.receiveAndAssessSPInvoice({ supplierId: s.supplierId, period: req.period });
    markProgress({ process: '1.B.4.5.3', state: 'negotiating' });
    const ok = await sprm.negotiateAndApproveSPInvoice({ invoiceId: inv.invoiceId });
    markProgress({ process: '1.B.4.5.4', state: 'settling' });
    const paid = await sprm.issueSPSettlementNoticeAndPayment({ supplierId: s.supplierId, period: req.period });
    suppliers.push({
      supplierId: s.supplierId,
      invoiceId: inv.invoiceId,
      invoicedMinor: inv.totalMinor,
      expectedMinor: inv.expectedMinor,
      disputeId: ok.disputeId,
      disputeState: ok.disputeState,
      approvedMinor: ok.approvedMinor,
      settlementId: paid.settlementId,
      paidMinor: paid.paidMinor,
      revenueShareMinor: paid.revenueShareMinor,
    });
  }
  markProgress({ state: 'completed' });
  return { period: req.period, suppliers };
}
