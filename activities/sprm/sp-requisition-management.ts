import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { PartnerOrderState, SupplierReport } from '../../src/domain/fulfilment/partner-order';
import type { Ports } from '../../src/ports';
import type { SupplierContract } from '../../src/ports/partner-gateway';

/**
 * S/P Requisition Management (1.F.4.2): buying from suppliers and partners what the operator
 * does not have — here, access where it has no network. Our record of each requisition and of
 * everything the supplier said about it is what S/PRM's analytics read later.
 */

const PartnerOrderView = z.object({
  partnerOrderId: z.string(),
  state: PartnerOrderState,
  supplierId: z.string().nullable(),
  contractId: z.string().nullable(),
  expectedDelivery: z.string().nullable(),
});

export const SelectInput = z.object({
  partnerOrderId: z.string(),
  serviceOrderId: z.string(),
  serviceId: z.string(),
  customerId: z.string(),
  region: z.string(),
  resourceSpecId: z.string(),
  quantity: z.number().int().positive(),
});
export const SelectOutput = PartnerOrderView.extend({ candidates: z.array(z.string()) });

export const FeasibilityInput = z.object({ partnerOrderId: z.string() });

export const TrackInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('place'), partnerOrderId: z.string(), replyToWorkflowId: z.string() }),
  z.object({ action: z.literal('record'), partnerOrderId: z.string(), report: SupplierReport }),
  z.object({ action: z.literal('poll'), partnerOrderId: z.string() }),
  z.object({ action: z.literal('cancel'), partnerOrderId: z.string(), reason: z.string() }),
]);
export type TrackInput = z.input<typeof TrackInput>;
export const TrackOutput = PartnerOrderView.extend({
  /** The report was already recorded (the supplier said it twice): nothing changed. */
  duplicate: z.boolean(),
});

export const AcceptInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), partnerOrderId: z.string(), reservationId: z.string() }),
  z.object({ action: z.literal('negotiate'), partnerOrderId: z.string(), detail: z.string() }),
  z.object({ action: z.literal('reject'), partnerOrderId: z.string(), detail: z.string() }),
]);
export const AcceptOutput = PartnerOrderView.extend({ accepted: z.boolean(), detail: z.string(), resourceIds: z.array(z.string()) });

/**
 * Best first: the supplier that delivers soonest, then the cheaper, then the better rated —
 * a service order waits on delivery, so lead time dominates.
 */
export function rankContracts(contracts: SupplierContract[]): SupplierContract[] {
  return [...contracts].sort(
    (a, b) => a.leadTimeDays - b.leadTimeDays || a.priceMinor - b.priceMinor || b.supplierRating - a.supplierRating || a.id.localeCompare(b.id),
  );
}

export function createSPRequisitionManagementActivities(ports: Pick<Ports, 'partners' | 'partnerOrders' | 'inventory' | 'clock'>) {
  const { partners, partnerOrders, inventory, clock } = ports;
  const now = () => clock().toISOString();
  const mustGet = async (id: string) => (await partnerOrders.get(id)) ?? reject(BusinessErrorType.NotFound, `no partner order ${id}`);
  const view = (o: { id: string; state: PartnerOrderState; supplierId: string | null; contractId: string | null; expectedDelivery: string | null }) => ({
    partnerOrderId: o.id,
    state: o.state,
    supplierId: o.supplierId,
    contractId: o.contractId,
    expectedDelivery: o.expectedDelivery,
  });

  /** 1.F.4.2.1 — choose the most suitable suppliers among those we have a contract with. */
  const selectSupplierPartner = defineProcess({ etomId: '1.F.4.2.1', input: SelectInput, output: SelectOutput }, async (input, call) => {
    await partnerOrders.record(call.idempotencyKey, {
      id: input.partnerOrderId,
      serviceOrderId: input.serviceOrderId,
      serviceId: input.serviceId,
      customerId: input.customerId,
      region: input.region,
      resourceSpecId: input.resourceSpecId,
      quantity: input.quantity,
    });
    const ranked = rankContracts(await partners.contractsFor(input.resourceSpecId, input.region, now()));
    if (ranked.length === 0) {
      await partnerOrders.update(input.partnerOrderId, { state: 'failed', reason: `no supplier contract for ${input.resourceSpecId} in ${input.region}` });
      return reject(BusinessErrorType.NotFeasible, `no supplier contract for ${input.resourceSpecId} in ${input.region}`);
    }
    const o = await partnerOrders.update(input.partnerOrderId, {
      state: 'supplierSelected',
      supplierId: ranked[0]!.supplierId,
      contractId: ranked[0]!.id,
      candidates: ranked.map((c) => c.id),
    });
    await partnerOrders.addEvent(o.id, { kind: 'supplierSelected', detail: ranked.map((c) => `${c.id}:${c.leadTimeDays}d`).join(' '), key: 'select', at: now() });
    return { ...view(o), candidates: o.candidates };
  });

  /** 1.F.4.2.2 — ask the candidates whether they can deliver; keep the best that can. */
  const determineSPPreRequisitionFeasibility = defineProcess(
    { etomId: '1.F.4.2.2', input: FeasibilityInput, output: PartnerOrderView },
    async ({ partnerOrderId }) => {
      const order = await mustGet(partnerOrderId);
      const quotes = [];
      for (const contractId of order.candidates) quotes.push(await partners.quote(contractId, order.quantity));
      const chosen = quotes.find((q) => q.available);
      await partnerOrders.addEvent(order.id, {
        kind: 'quotes',
        detail: quotes.map((q) => `${q.contractId}:${q.available ? q.promisedDeliveryDate : q.detail}`).join(' '),
        key: 'quotes',
        at: now(),
      });
      if (!chosen) {
        await partnerOrders.update(order.id, { state: 'failed', reason: 'no candidate supplier can deliver' });
        return reject(BusinessErrorType.NotFeasible, 'no candidate supplier can deliver', { quotes });
      }
      return view(
        await partnerOrders.update(order.id, {
          state: 'feasibilityChecked',
          supplierId: chosen.supplierId,
          contractId: chosen.contractId,
          expectedDelivery: chosen.promisedDeliveryDate,
        }),
      );
    },
  );

  /**
   * 1.F.4.2.3 — place the requisition and follow it to delivery: from the supplier's reports
   * as they come, or by asking when the supplier is silent.
   */
  const placeAndTrackSPRequisition = defineProcess({ etomId: '1.F.4.2.3', input: TrackInput, output: TrackOutput }, async (input, call) => {
    const order = await mustGet(input.partnerOrderId);
    switch (input.action) {
      case 'place': {
        if (!order.supplierId || !order.contractId) return reject(BusinessErrorType.InvalidStateTransition, `partner order ${order.id} has no supplier yet`);
        const placed = await partners.placeRequisition(call.idempotencyKey, {
          requisitionId: order.id,
          supplierId: order.supplierId,
          contractId: order.contractId,
          resourceSpecId: order.resourceSpecId,
          region: order.region,
          quantity: order.quantity,
          replyToWorkflowId: input.replyToWorkflowId,
        });
        await partnerOrders.addEvent(order.id, { kind: 'placed', detail: placed.supplierReference, key: 'placed', at: now() });
        const o = await partnerOrders.update(order.id, {
          state: 'placed',
          requisitionId: placed.requisitionId,
          supplierReference: placed.supplierReference,
          expectedDelivery: placed.deliveryDate,
        });
        return { ...view(o), duplicate: false };
      }
      case 'record': {
        const r = input.report;
        const fresh = await partnerOrders.addEvent(order.id, {
          kind: r.kind,
          detail: r.detail ?? r.deliveryDate ?? null,
          key: `${r.kind}@${r.at}`,
          at: r.at,
        });
        if (!fresh) return { ...view(order), duplicate: true };
        const next: Record<SupplierReport['kind'], PartnerOrderState> = {
          acknowledged: 'confirmed',
          deliveryDateChanged: order.state === 'placed' ? 'confirmed' : order.state,
          delivered: 'delivered',
          rejected: 'rejected',
          cancelled: 'cancelled',
        };
        const o = await partnerOrders.update(order.id, {
          state: next[r.kind],
          expectedDelivery: r.deliveryDate ?? order.expectedDelivery ?? undefined,
          reason: r.kind === 'rejected' ? (r.detail ?? 'rejected by the supplier') : undefined,
        });
        return { ...view(o), duplicate: false };
      }
      case 'poll': {
        if (!order.requisitionId) return reject(BusinessErrorType.InvalidStateTransition, `partner order ${order.id} was not placed`);
        const s = await partners.status(order.requisitionId);
        await partnerOrders.addEvent(order.id, { kind: 'polled', detail: s.status, key: null, at: now() });
        const state: PartnerOrderState =
          s.status === 'delivered' ? 'delivered' : s.status === 'rejected' ? 'rejected' : s.status === 'acknowledged' ? 'confirmed' : order.state;
        const o = await partnerOrders.update(order.id, { state, expectedDelivery: s.deliveryDate ?? undefined });
        return { ...view(o), duplicate: false };
      }
      case 'cancel': {
        if (order.requisitionId) await partners.cancelRequisition(call.idempotencyKey, order.requisitionId, input.reason);
        await partnerOrders.addEvent(order.id, { kind: 'cancelled', detail: input.reason, key: 'cancel', at: now() });
        const o = await partnerOrders.update(order.id, { state: 'cancelled', reason: input.reason });
        return { ...view(o), duplicate: false };
      }
    }
  });

  /**
   * 1.F.4.2.4 — receive what was delivered and test it with the supplier; accepted, it joins
   * the resource inventory reserved for the service it was bought for. A failed test is
   * negotiated (the supplier puts it right) or the product is rejected.
   */
  const receiveAndAcceptSPProduct = defineProcess({ etomId: '1.F.4.2.4', input: AcceptInput, output: AcceptOutput }, async (input, call) => {
    const order = await mustGet(input.partnerOrderId);
    if (input.action === 'negotiate') {
      await partners.requestRemedy(call.idempotencyKey, order.requisitionId!, input.detail);
      await partnerOrders.addEvent(order.id, { kind: 'remedyRequested', detail: input.detail, key: `remedy@${input.detail}`, at: now() });
      const o = await partnerOrders.update(order.id, { state: 'inNegotiation' });
      return { ...view(o), accepted: false, detail: input.detail, resourceIds: [] };
    }
    if (input.action === 'reject') {
      if (order.requisitionId) await partners.cancelRequisition(call.idempotencyKey, order.requisitionId, `rejected at acceptance: ${input.detail}`);
      await partnerOrders.addEvent(order.id, { kind: 'rejectedAtAcceptance', detail: input.detail, key: 'reject', at: now() });
      const o = await partnerOrders.update(order.id, { state: 'rejected', reason: input.detail });
      return { ...view(o), accepted: false, detail: input.detail, resourceIds: [] };
    }
    if (order.state !== 'delivered') return reject(BusinessErrorType.InvalidStateTransition, `partner order ${order.id} is ${order.state}, nothing delivered`);
    const test = await partners.acceptanceTest(order.requisitionId!);
    await partnerOrders.addEvent(order.id, { kind: test.passed ? 'acceptancePassed' : 'acceptanceFailed', detail: test.detail, key: null, at: now() });
    if (!test.passed) return { ...view(order), accepted: false, detail: test.detail, resourceIds: [] };
    const resourceIds: string[] = [];
    for (let i = 0; i < order.quantity; i++) {
      const r = await inventory.registerSuppliedResource(`${call.idempotencyKey}/register/${i}`, {
        resourceSpecId: order.resourceSpecId,
        region: order.region,
        name: `${order.supplierReference} #${i + 1}`,
        supplierId: order.supplierId!,
        supplierReference: order.supplierReference!,
        attributes: { contractId: order.contractId },
        serviceId: order.serviceId,
        customerId: order.customerId,
        reservationId: input.reservationId,
      });
      resourceIds.push(r.id);
    }
    const o = await partnerOrders.update(order.id, { state: 'accepted' });
    return { ...view(o), accepted: true, detail: test.detail, resourceIds };
  });

  return { selectSupplierPartner, determineSPPreRequisitionFeasibility, placeAndTrackSPRequisition, receiveAndAcceptSPProduct };
}
