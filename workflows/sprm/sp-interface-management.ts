import {
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
} from '@temporalio/workflow';
import type { SprmActivities } from '../../activities/sprm';
import type { SupplierProblemReport } from '../../src/domain/assurance/messages';
import type { SupplierReport } from '../../src/domain/fulfilment/partner-order';
import type {
  InteractionReport,
  SupplierHandOff,
  SupplierPaymentQuestion,
  SupplierRequest,
  SupplierRequestInput,
} from '../../src/domain/lifecycle/partner-interaction';
import { SYSTEM_CALL } from '../shared/activity-options';
import { supplierProblemReportSignal } from '../shared/assurance-messages';
import { supplierReportSignal } from '../shared/fulfilment-messages';
import { markProgress } from '../shared/search-attributes';
import { SupplierRequestInput as SupplierRequestInputContract } from '../../src/domain/lifecycle/partner-interaction';
import { validInput } from '../shared/valid-input';
import { partnerSettlement, partnerSettlementStart } from './sp-settlements-billing-management';

/**
 * S/P Interface Management (1.FAB.4.6) for one supplier request, through the partner gateway
 * or the supplier's self-service portal: the request is accepted and answered from the store
 * or handed to the process that can (1.FAB.4.6.1), then the supplier's interactions are
 * analysed and reported (1.FAB.4.6.2). Workflow id: any unique id, S/PRM queue.
 */
export interface PartnerInteractionResult {
  request: SupplierRequest;
  report: InteractionReport;
  /** The running process the supplier's report was passed to, by signal (null: none). */
  handedTo?: { workflowId: string; signal: string; delivered: boolean } | null;
  /** The S/P Settlements & Billing Management run that answered a payment question (null: none). */
  answeredBy?: { workflowId: string; answer: Record<string, unknown> } | null;
}

const sprm = proxyActivities<SprmActivities>(SYSTEM_CALL);

/** From this patch on, 1.FAB.4.6.1 activates the process a supplier's report is for (signals it). */
export const SUPPLIER_REQUEST_REACHES_ITS_PROCESS = 'supplier-request-reaches-its-process';
/** From this patch on, a payment question the store cannot answer starts 1.B.4.5, which answers it. */
export const PAYMENT_QUESTION_STARTS_SETTLEMENTS = 'payment-question-starts-settlements';

export async function partnerInteraction(input: SupplierRequestInput): Promise<PartnerInteractionResult> {
  validInput(SupplierRequestInputContract, input);
  markProgress({ process: '1.FAB.4.6.1', layer: 'S/PRM' });
  const { handOff, paymentQuestion, ...recorded } = await sprm.manageSPRequests(input);
  const handedTo = handOff && patched(SUPPLIER_REQUEST_REACHES_ITS_PROCESS) ? await passOn(handOff) : null;
  const answeredBy =
    paymentQuestion && patched(PAYMENT_QUESTION_STARTS_SETTLEMENTS) ? await askSettlements(paymentQuestion) : null;
  const request: SupplierRequest = answeredBy
    ? { ...recorded, status: 'answered', answer: answeredBy.answer }
    : recorded;
  markProgress({ process: '1.FAB.4.6.2', state: request.status });
  const report = await sprm.analyzeAndReportSPInteractions({ supplierId: request.supplierId });
  return { request, report, handedTo, answeredBy };
}

/**
 * 1.FAB.4.6.1 activates S/P Settlements & Billing Management for a payment question it could
 * not answer: its account (1.B.4.5.1) answers the supplier and records the answer on the request.
 */
async function askSettlements(
  question: SupplierPaymentQuestion,
): Promise<NonNullable<PartnerInteractionResult['answeredBy']>> {
  const workflowId = `partnerSettlement/question/${question.requestId}`;
  const out = await executeChild(partnerSettlement, partnerSettlementStart(workflowId, { period: 'open', question }));
  return { workflowId, answer: out.answer ?? {} };
}

/**
 * 1.FAB.4.6.1 activates the process that follows what the supplier reports on: the partner
 * order (1.F.4.2.3 records a requisition's progress) or the partner problem (1.A.4.3.2 records
 * the supplier's word on it), by the signal that process already takes from the supplier.
 */
async function passOn(handOff: SupplierHandOff): Promise<NonNullable<PartnerInteractionResult['handedTo']>> {
  const target = getExternalWorkflowHandle(handOff.workflowId);
  try {
    if (handOff.signal === 'supplierReport')
      await target.signal(supplierReportSignal, handOff.report as unknown as SupplierReport);
    else await target.signal(supplierProblemReportSignal, handOff.report as unknown as SupplierProblemReport);
    return { workflowId: handOff.workflowId, signal: handOff.signal, delivered: true };
  } catch (err) {
    // It ended between the look-up and the signal: the request stays recorded as routed.
    if (isCancellation(err)) throw err;
    log.info('the process a supplier report was for has ended', { etomId: '1.FAB.4.6.1' });
    return { workflowId: handOff.workflowId, signal: handOff.signal, delivered: false };
  }
}
