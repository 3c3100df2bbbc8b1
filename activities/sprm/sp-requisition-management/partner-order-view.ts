import { z } from 'zod';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { PartnerOrderState } from '../../../src/domain/fulfilment/partner-order';
import type { Ports } from '../../../src/ports';
import type { PartnerOrderRecord } from '../../../src/ports/partner-orders';

/**
 * Our record of a requisition, as every step of S/P Requisition Management (1.F.4.2) reads it
 * and answers it: S/PRM's analytics read the same record later.
 */
export const PartnerOrderView = z.object({
  partnerOrderId: z.string(),
  state: PartnerOrderState,
  supplierId: z.string().nullable(),
  contractId: z.string().nullable(),
  expectedDelivery: z.string().nullable(),
});

export const viewOf = (o: PartnerOrderRecord) => ({
  partnerOrderId: o.id,
  state: o.state,
  supplierId: o.supplierId,
  contractId: o.contractId,
  expectedDelivery: o.expectedDelivery,
});

/** The date the component is needed by, when the service order has one: it ranks and filters suppliers. */
export const RequiredBy = z.iso.datetime().optional();

/** Nothing more happens to an order in these states, whatever the supplier says. */
export const CLOSED: readonly PartnerOrderState[] = ['accepted', 'rejected', 'cancelled', 'failed', 'ceased'];
export const AWAITING_DELIVERY: readonly PartnerOrderState[] = ['placed', 'confirmed'];

export async function partnerOrderOf(partnerOrders: Ports['partnerOrders'], id: string) {
  return (await partnerOrders.get(id)) ?? reject(BusinessErrorType.NotFound, `no partner order ${id}`);
}

/** When we asked the supplier to put a failed delivery right, or null when we never did. */
export async function remedyAskedAt(partnerOrders: Ports['partnerOrders'], id: string) {
  return (await partnerOrders.events(id)).find((e) => e.kind === 'remedyRequested')?.at ?? null;
}
