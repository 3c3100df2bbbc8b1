import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';
import { PartnerOrderView, RequiredBy, viewOf } from './partner-order-view';
import { rankContracts } from './supplier-ranking';

export const SelectSupplierPartnerInput = z.object({
  partnerOrderId: z.string().min(1),
  serviceOrderId: z.string().min(1),
  serviceId: z.string().min(1),
  customerId: z.string().min(1),
  region: z.string().min(1),
  resourceSpecId: z.string().regex(/^RS-[A-Z0-9-]+$/),
  quantity: z.number().int().positive(),
  requiredBy: RequiredBy,
});
export const SelectSupplierPartnerOutput = PartnerOrderView.extend({ candidates: z.array(z.string()) });

/** 1.F.4.2.1 — choose the most suitable suppliers among those we have a supply agreement with. */
export function createSelectSupplierPartner(ports: Pick<Ports, 'partnerGateway' | 'partnerOrders' | 'clock'>) {
  const { partnerGateway: partners, partnerOrders, clock } = ports;
  return defineProcess(
    { etomId: '1.F.4.2.1', input: SelectSupplierPartnerInput, output: SelectSupplierPartnerOutput },
    async (input, call) => {
      const { requiredBy, partnerOrderId, ...order } = input;
      await partnerOrders.record(call.idempotencyKey, { id: partnerOrderId, ...order });
      const ranked = rankContracts(
        await partners.contractsFor(input.resourceSpecId, input.region, clock().toISOString()),
        { now: clock(), requiredBy },
      );
      if (ranked.length === 0) {
        const reason = `no supplier has a contract for ${input.resourceSpecId} in ${input.region}`;
        await partnerOrders.update(input.partnerOrderId, { state: 'failed', reason });
        return reject(BusinessErrorType.NotFeasible, reason);
      }
      const best = ranked[0]!;
      const o = await partnerOrders.update(input.partnerOrderId, {
        state: 'supplierSelected',
        supplierId: best.supplierId,
        contractId: best.id,
        candidates: ranked.map((c) => c.id),
      });
      await partnerOrders.addEvent(o.id, {
        kind: 'supplierSelected',
        detail: ranked.map((c) => `${c.id} ${c.leadTimeDays}d ${c.priceMinor}`).join(', '),
        key: 'select',
        at: clock().toISOString(),
      });
      return { ...viewOf(o), candidates: o.candidates };
    },
  );
}
