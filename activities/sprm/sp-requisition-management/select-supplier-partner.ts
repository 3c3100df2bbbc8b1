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

/**
 * 1.F.4.2.1 — choose the most suitable suppliers among those we have a supply agreement with.
 * A supplier S/PRM readiness found late on its deliveries or whose contract ends before it is
 * renegotiated (1.O.4.1.1), or that leaves our requests unanswered (1.O.4.1.5), goes after the
 * others while that action stands: the requisition goes to an alternative when there is one, and
 * the action records the first one placed elsewhere.
 */
export function createSelectSupplierPartner(
  ports: Pick<Ports, 'partnerGateway' | 'partnerOrders' | 'readinessReports' | 'clock'>,
) {
  const { partnerGateway: partners, partnerOrders, readinessReports, clock } = ports;
  return defineProcess(
    { etomId: '1.F.4.2.1', input: SelectSupplierPartnerInput, output: SelectSupplierPartnerOutput },
    async (input, call) => {
      const { requiredBy, partnerOrderId, ...order } = input;
      await partnerOrders.record(call.idempotencyKey, { id: partnerOrderId, ...order });
      const standing = await readinessReports.standingFor(call.etomId);
      const atRisk = new Set(standing.map((a) => a.subject.replace(/^supplier:/, '')));
      const plain = rankContracts(
        await partners.contractsFor(input.resourceSpecId, input.region, clock().toISOString()),
        { now: clock(), requiredBy },
      );
      const ranked = avoiding(plain, atRisk);
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
      const passedOver = plain[0]!.supplierId;
      if (passedOver !== best.supplierId)
        for (const a of standing.filter((x) => x.subject === `supplier:${passedOver}`))
          await readinessReports.actedOn(
            `${call.idempotencyKey}/acted/${a.id}`,
            a.id,
            call.etomId,
            `${partnerOrderId} placed with ${best.supplierId} instead of ${passedOver}`,
          );
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

/** The ranking with the contracts of suppliers at risk moved last, in their own order. */
function avoiding<C extends { supplierId: string }>(ranked: C[], atRisk: Set<string>): C[] {
  return [...ranked.filter((c) => !atRisk.has(c.supplierId)), ...ranked.filter((c) => atRisk.has(c.supplierId))];
}
