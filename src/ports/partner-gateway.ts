import type { SupplierProblemReport } from '../domain/assurance/messages';
import type { SupplierBill, SupplierBillClaim, SupplierDisputeAnswer } from '../domain/billing/settlement';
import type { SupplierReport } from '../domain/fulfilment/partner-order';

export interface SupplierContract {
  id: string;
  supplierId: string;
  supplierName: string;
  supplierRating: number;
  resourceSpecId: string;
  region: string;
  priceMinor: number;
  leadTimeDays: number;
  availabilitySlaPct: number;
  validUntil: string;
  revenueSharePct: number;
}

export interface SupplierQuote {
  supplierId: string;
  contractId: string;
  available: boolean;
  quantity: number;
  promisedDeliveryDate: string | null;
  priceMinor: number;
  detail: string;
}

export interface Requisition {
  requisitionId: string;
  supplierId: string;
  contractId: string;
  resourceSpecId: string;
  region: string;
  quantity: number;
  /** Where the supplier's reports are sent: the partner order workflow's id. */
  replyToWorkflowId: string;
}

export interface RequisitionStatus {
  requisitionId: string;
  supplierReference: string;
  /** `ceased`: delivered, then ended with the service it was bought for (ceaseRequisition). */
  status: 'placed' | 'acknowledged' | 'delivered' | 'rejected' | 'cancelled' | 'ceased';
  deliveryDate: string | null;
  /** What was delivered, as the supplier describes it (name, serial, attributes). */
  delivered: Array<{ name: string; attributes: Record<string, unknown> }>;
}

/** A problem with a supplied product, as S/PRM reports it to the supplier (1.A.4.3.1, TMF656 on its side). */
export interface ProblemReport {
  partnerProblemId: string;
  supplierId: string;
  /** The requisition the product was bought under: the supplier's handle on it. */
  requisitionId: string;
  resourceId: string;
  description: string;
  /** Where the supplier's reports are sent: the partner problem workflow's id. */
  replyToWorkflowId: string;
}

/** Where a reported problem stands on the supplier's side, from what it has said so far. */
export interface SupplierProblemStatus {
  partnerProblemId: string;
  supplierReference: string;
  status: 'reported' | SupplierProblemReport['status'] | 'closed';
  escalations: number;
  detail: string;
}

/** A supplier's answer to a request to restore its service quality (1.A.4.4.2). */
export interface ImprovementPlan {
  reference: string;
  supplierId: string;
  /** The date by which the supplier commits to be back within its SLA. */
  committedBy: string;
  detail: string;
}

/**
 * The B2B gateway to suppliers and partners (TMF622/641 on their side): ask, order, track,
 * cancel, test what they delivered; report problems with what they supplied and follow them.
 * Suppliers answer later, by reports that reach the partner order workflow as `supplierReport`
 * signals and the partner problem workflow as `supplierProblemReport` signals.
 */
export interface PartnerGatewayPort {
  contractsFor(resourceSpecId: string, region: string, onDate: string): Promise<SupplierContract[]>;
  quote(contractId: string, quantity: number): Promise<SupplierQuote>;
  placeRequisition(idempotencyKey: string, requisition: Requisition): Promise<RequisitionStatus>;
  status(requisitionId: string): Promise<RequisitionStatus>;
  cancelRequisition(idempotencyKey: string, requisitionId: string, reason: string): Promise<RequisitionStatus>;
  /**
   * Ends a delivered product with the supplier: the service it was bought for is ceased. Once
   * per requisition (a retry, or a second call, finds it ceased); a requisition not delivered is
   * cancelled instead, and refused here (InvalidStateTransition).
   */
  ceaseRequisition(idempotencyKey: string, requisitionId: string, reason: string): Promise<RequisitionStatus>;
  /** Acceptance test of a delivered product, run with the supplier. */
  acceptanceTest(requisitionId: string): Promise<{ passed: boolean; detail: string }>;
  /** Asks the supplier to put right what failed acceptance; a new delivery report follows. */
  requestRemedy(idempotencyKey: string, requisitionId: string, detail: string): Promise<RequisitionStatus>;

  /** Reports a problem with a product bought under a requisition; the supplier's reports follow. */
  reportProblem(idempotencyKey: string, problem: ProblemReport): Promise<SupplierProblemStatus>;
  problemStatus(partnerProblemId: string): Promise<SupplierProblemStatus>;
  /** Escalates a problem not resolved within the agreed time (to the supplier's management). */
  escalateProblem(idempotencyKey: string, partnerProblemId: string, detail: string): Promise<SupplierProblemStatus>;
  /** Tells the supplier its fix did not hold: the problem is open again. */
  reopenProblem(idempotencyKey: string, partnerProblemId: string, detail: string): Promise<SupplierProblemStatus>;
  /** Closes the problem with the supplier: the fix is confirmed, or the problem withdrawn. */
  closeProblem(idempotencyKey: string, partnerProblemId: string, resolution: string): Promise<SupplierProblemStatus>;
  /** Asks a supplier that missed its SLA over a period for a plan to restore its service quality. */
  requestServiceImprovement(
    idempotencyKey: string,
    request: { supplierId: string; periodStart: string; periodEnd: string; detail: string },
  ): Promise<ImprovementPlan>;

  /**
   * The supplier's bill to us for a settlement period (1.B.4.5.2), as its billing sends it: read
   * only, the same bill when asked again while the supplier has issued no newer one.
   */
  supplierBill(supplierId: string, period: string): Promise<SupplierBill>;
  /**
   * Puts a dispute of its bill to the supplier (1.B.4.5.3) and answers what it says: `open` when
   * it takes no dispute this way or has not answered, the dispute then staying ours to follow.
   */
  answerDispute(supplierId: string, claim: SupplierBillClaim): Promise<SupplierDisputeAnswer>;
}

export type { SupplierBill, SupplierBillClaim, SupplierDisputeAnswer, SupplierProblemReport, SupplierReport };
