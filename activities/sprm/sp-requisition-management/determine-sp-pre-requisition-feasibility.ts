import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';
import type { SupplierQuote } from '../../../src/ports/partner-gateway';
import { PartnerOrderView, partnerOrderOf, RequiredBy, viewOf } from './partner-order-view';

export const DetermineSPPreRequisitionFeasibilityInput = z.object({
  partnerOrderId: z.string().min(1),
  requiredBy: RequiredBy,
});
export const DetermineSPPreRequisitionFeasibilityOutput = PartnerOrderView;

/** 1.F.4.2.2 — ask the candidates whether they can deliver the quantity by the date; keep the best that can. */
export function createDetermineSPPreRequisitionFeasibility(
  ports: Pick<Ports, 'partnerGateway' | 'partnerOrders' | 'clock'>,
) {
  const { partnerGateway: partners, partnerOrders, clock } = ports;
  return defineProcess(
    {
      etomId: '1.F.4.2.2',
      input: DetermineSPPreRequisitionFeasibilityInput,
      output: DetermineSPPreRequisitionFeasibilityOutput,
    },
    async ({ partnerOrderId, requiredBy }) => {
      const order = await partnerOrderOf(partnerOrders, partnerOrderId);
      if (order.state !== 'supplierSelected' && order.state !== 'feasibilityChecked') {
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `partner order ${order.id} is ${order.state}, not awaiting a feasibility check`,
        );
      }
      const quotes: SupplierQuote[] = [];
      for (const contractId of order.candidates) quotes.push(await partners.quote(contractId, order.quantity));
      const canDeliver = (q: SupplierQuote) =>
        q.available &&
        q.quantity >= order.quantity &&
        q.promisedDeliveryDate !== null &&
        (!requiredBy || q.promisedDeliveryDate <= new Date(requiredBy).toISOString());
      const chosen = quotes.find(canDeliver);
      await partnerOrders.addEvent(order.id, {
        kind: 'quotes',
        detail: quotes
          .map(
            (q) => `${q.contractId}: ${canDeliver(q) ? `by ${q.promisedDeliveryDate} for ${q.priceMinor}` : q.detail}`,
          )
          .join(', '),
        key: 'quotes',
        at: clock().toISOString(),
      });
      if (!chosen) {
        const reason = requiredBy
          ? `no candidate supplier can deliver ${order.quantity} by ${requiredBy}`
          : `no candidate supplier can deliver ${order.quantity}`;
        await partnerOrders.update(order.id, { state: 'failed', reason });
        return reject(BusinessErrorType.NotFeasible, reason, { quotes });
      }
      return viewOf(
        await partnerOrders.update(order.id, {
          state: 'feasibilityChecked',
          supplierId: chosen.supplierId,
          contractId: chosen.contractId,
          expectedDelivery: chosen.promisedDeliveryDate,
        }),
      );
    },
  );
}
