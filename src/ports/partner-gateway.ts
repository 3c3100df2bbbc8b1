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
  status: 'placed' | 'acknowledged' | 'delivered' | 'rejected' | 'cancelled';
  deliveryDate: string | null;
  /** What was delivered, as the supplier describes it (name, serial, attributes). */
  delivered: Array<{ name: string; attributes: Record<string, unknown> }>;
}

/**
 * The B2B gateway to suppliers and partners (TMF622/641 on their side): ask, order, track,
 * cancel, test what they delivered. Suppliers answer later, by reports that reach the partner
 * order workflow as `supplierReport` signals.
 */
export interface PartnerGatewayPort {
  contractsFor(resourceSpecId: string, region: string, onDate: string): Promise<SupplierContract[]>;
  quote(contractId: string, quantity: number): Promise<SupplierQuote>;
  placeRequisition(idempotencyKey: string, requisition: Requisition): Promise<RequisitionStatus>;
  status(requisitionId: string): Promise<RequisitionStatus>;
  cancelRequisition(idempotencyKey: string, requisitionId: string, reason: string): Promise<RequisitionStatus>;
  /** Acceptance test of a delivered product, run with the supplier. */
  acceptanceTest(requisitionId: string): Promise<{ passed: boolean; detail: string }>;
  /** Asks the supplier to put right what failed acceptance; a new delivery report follows. */
  requestRemedy(idempotencyKey: string, requisitionId: string, detail: string): Promise<RequisitionStatus>;
}

export type { SupplierReport };
