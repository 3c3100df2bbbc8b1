import type { SupplierReport } from '../../../src/domain/fulfilment/partner-order';
import type { RequisitionStatus } from '../../../src/ports/partner-gateway';
import type { PartnerOrderRecord } from '../../../src/ports/partner-orders';
import { AWAITING_DELIVERY, CLOSED } from './partner-order-view';

/**
 * Our partner order after a supplier report. A report never takes an order back: an
 * acknowledgement after delivery changes nothing, and a delivery reported before we asked
 * for a remedy is the one that failed acceptance, not the remedied one.
 */
export function afterReport(
  o: PartnerOrderRecord,
  r: SupplierReport,
  remedyAskedAt: string | null,
): Partial<PartnerOrderRecord> {
  if (CLOSED.includes(o.state)) return {};
  const stillComing = AWAITING_DELIVERY.includes(o.state) || o.state === 'inNegotiation';
  const newDate = r.deliveryDate && stillComing ? { expectedDelivery: r.deliveryDate } : {};
  switch (r.kind) {
    case 'acknowledged':
    case 'deliveryDateChanged':
      return { ...newDate, ...(o.state === 'placed' ? { state: 'confirmed' } : {}) };
    case 'delivered':
      if (AWAITING_DELIVERY.includes(o.state)) return { state: 'delivered' };
      if (o.state === 'inNegotiation' && remedyAskedAt !== null && r.at >= remedyAskedAt) return { state: 'delivered' };
      return {};
    case 'rejected':
      return AWAITING_DELIVERY.includes(o.state)
        ? { state: 'rejected', reason: `rejected by the supplier: ${r.detail ?? 'no reason given'}` }
        : {};
    case 'cancelled':
      return { state: 'cancelled', reason: `cancelled by the supplier: ${r.detail ?? 'no reason given'}` };
  }
}

/** Our partner order after asking the supplier where the requisition stands. */
export function afterStatus(o: PartnerOrderRecord, s: RequisitionStatus): Partial<PartnerOrderRecord> {
  if (CLOSED.includes(o.state)) return {};
  const stillComing = AWAITING_DELIVERY.includes(o.state) || o.state === 'inNegotiation';
  const newDate = s.deliveryDate && stillComing ? { expectedDelivery: s.deliveryDate } : {};
  switch (s.status) {
    case 'placed':
      return newDate;
    case 'acknowledged':
      return { ...newDate, ...(o.state === 'placed' ? { state: 'confirmed' } : {}) };
    case 'delivered':
      // The supplier takes a delivery back while it remedies it: delivered now is the remedy.
      return stillComing ? { state: 'delivered' } : {};
    case 'rejected':
      return AWAITING_DELIVERY.includes(o.state) ? { state: 'rejected', reason: 'rejected by the supplier' } : {};
    case 'cancelled':
      return { state: 'cancelled', reason: 'cancelled by the supplier' };
    case 'ceased':
      // Only ceaseRequisition ends a product: the order records it itself, a status changes nothing.
      return {};
  }
}
