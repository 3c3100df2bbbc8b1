import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { PartnerOrderState, SupplierReport } from '../../src/domain/fulfilment/partner-order';
import type { Ports } from '../../src/ports';
import type { RequisitionStatus, SupplierContract, SupplierQuote } from '../../src/ports/partner-gateway';
import type { PartnerOrderRecord } from '../../src/ports/partner-orders';

/**
 * S/P Requisition Management (1.F.4.2): buying from suppliers and partners what the operator
 * does not have — here, access where it has no network. Our record of each requisition and of
 * everything the supplier said about it is what S/PRM's analytics read later.
 */

const DAY_MS = 86_400_000;

const PartnerOrderView = z.object({
  partnerOrderId: z.string(),
  state: PartnerOrderState,
  supplierId: z.string().nullable(),
  contractId: z.string().nullable(),
  expectedDelivery: z.string().nullable(),
});

/** The date the component is needed by, when the service order has one: it ranks and filters suppliers. */
const RequiredBy = z.iso.datetime().optional();

export const SelectInput = z.object({
  partnerOrderId: z.string().min(1),
  serviceOrderId: z.string().min(1),
  serviceId: z.string().min(1),
  customerId: z.string().min(1),
  region: z.string().min(1),
  resourceSpecId: z.string().regex(/^RS-[A-Z0-9-]+$/),
  quantity: z.number().int().positive(),
  requiredBy: RequiredBy,
});
export const SelectOutput = PartnerOrderView.extend({ candidates: z.array(z.string()) });

export const FeasibilityInput = z.object({ partnerOrderId: z.string().min(1), requiredBy: RequiredBy });

export const TrackInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('place'), partnerOrderId: z.string().min(1), replyToWorkflowId: z.string().min(1) }),
  z.object({ action: z.literal('record'), partnerOrderId: z.string().min(1), report: SupplierReport }),
  z.object({ action: z.literal('poll'), partnerOrderId: z.string().min(1) }),
  z.object({
    action: z.literal('cancel'),
    partnerOrderId: z.string().min(1),
    reason: z.string().min(1),
    /** 'failed' when S/PRM gives up on a supplier; 'cancelled' when the requester no longer needs it. */
    outcome: z.enum(['cancelled', 'failed']).default('cancelled'),
  }),
]);
export type TrackInput = z.input<typeof TrackInput>;
export const TrackOutput = PartnerOrderView.extend({
  /** The report was already recorded (the supplier said it twice): nothing changed. */
  duplicate: z.boolean(),
});

export const AcceptInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), partnerOrderId: z.string().min(1), reservationId: z.string().min(1) }),
  z.object({ action: z.literal('negotiate'), partnerOrderId: z.string().min(1), detail: z.string().min(1) }),
]);
export const AcceptOutput = PartnerOrderView.extend({
  accepted: z.boolean(),
  detail: z.string(),
  resourceIds: z.array(z.string()),
});

const CLOSED: readonly PartnerOrderState[] = ['accepted', 'rejected', 'cancelled', 'failed'];
const AWAITING_DELIVERY: readonly PartnerOrderState[] = ['placed', 'confirmed'];

const meetsDate = (c: SupplierContract, now: Date, requiredBy?: string) =>
  !requiredBy || now.getTime() + c.leadTimeDays * DAY_MS <= Date.parse(requiredBy);

/**
 * Best first. Suppliers that can deliver by the required date come before those that cannot;
 * among those that can, the cheaper wins (arriving earlier than needed is worth nothing), then
 * the better rated, the better SLA. With no date to meet, or none meeting it, the service
 * order waits on delivery: the shorter lead time wins, then price, rating, SLA.
 */
export function rankContracts(
  contracts: SupplierContract[],
  opts: { now?: Date; requiredBy?: string } = {},
): SupplierContract[] {
  const now = opts.now ?? new Date(0);
  const quality = (a: SupplierContract, b: SupplierContract) =>
    b.supplierRating - a.supplierRating || b.availabilitySlaPct - a.availabilitySlaPct;
  return [...contracts].sort((a, b) => {
    const aMeets = meetsDate(a, now, opts.requiredBy);
    const bMeets = meetsDate(b, now, opts.requiredBy);
    if (aMeets !== bMeets) return aMeets ? -1 : 1;
    const byPriceFirst = opts.requiredBy !== undefined && aMeets;
    return (
      (byPriceFirst
        ? a.priceMinor - b.priceMinor || quality(a, b) || a.leadTimeDays - b.leadTimeDays
        : a.leadTimeDays - b.leadTimeDays || a.priceMinor - b.priceMinor || quality(a, b)) || a.id.localeCompare(b.id)
    );
  });
}

/**
 * Our partner order after a supplier report. A report never takes an order back: an
 * acknowledgement after delivery changes nothing, and a delivery reported before we asked
 * for a remedy is the one that failed acceptance, not the remedied one.
 */
function afterReport(
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
function afterStatus(o: PartnerOrderRecord, s: RequisitionStatus): Partial<PartnerOrderRecord> {
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
  }
}

export function createSPRequisitionManagementActivities(
  ports: Pick<Ports, 'partnerGateway' | 'partnerOrders' | 'resourceInventory' | 'clock'>,
) {
  const { partnerGateway: partners, partnerOrders, resourceInventory: inventory, clock } = ports;
  const now = () => clock().toISOString();
  const mustGet = async (id: string) =>
    (await partnerOrders.get(id)) ?? reject(BusinessErrorType.NotFound, `no partner order ${id}`);
  const view = (o: PartnerOrderRecord) => ({
    partnerOrderId: o.id,
    state: o.state,
    supplierId: o.supplierId,
    contractId: o.contractId,
    expectedDelivery: o.expectedDelivery,
  });
  const remedyAskedAt = async (id: string) =>
    (await partnerOrders.events(id)).find((e) => e.kind === 'remedyRequested')?.at ?? null;

  /** 1.F.4.2.1 — choose the most suitable suppliers among those we have a supply agreement with. */
  const selectSupplierPartner = defineProcess(
    { etomId: '1.F.4.2.1', input: SelectInput, output: SelectOutput },
    async (input, call) => {
      const { requiredBy, partnerOrderId, ...order } = input;
      await partnerOrders.record(call.idempotencyKey, { id: partnerOrderId, ...order });
      const ranked = rankContracts(await partners.contractsFor(input.resourceSpecId, input.region, now()), {
        now: clock(),
        requiredBy,
      });
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
        at: now(),
      });
      return { ...view(o), candidates: o.candidates };
    },
  );

  /** 1.F.4.2.2 — ask the candidates whether they can deliver the quantity by the date; keep the best that can. */
  const determineSPPreRequisitionFeasibility = defineProcess(
    { etomId: '1.F.4.2.2', input: FeasibilityInput, output: PartnerOrderView },
    async ({ partnerOrderId, requiredBy }) => {
      const order = await mustGet(partnerOrderId);
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
        at: now(),
      });
      if (!chosen) {
        const reason = requiredBy
          ? `no candidate supplier can deliver ${order.quantity} by ${requiredBy}`
          : `no candidate supplier can deliver ${order.quantity}`;
        await partnerOrders.update(order.id, { state: 'failed', reason });
        return reject(BusinessErrorType.NotFeasible, reason, { quotes });
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
   * as they come, or by asking when the supplier is silent; cancel it when it is no longer
   * wanted.
   */
  const placeAndTrackSPRequisition = defineProcess(
    { etomId: '1.F.4.2.3', input: TrackInput, output: TrackOutput },
    async (input, call) => {
      const order = await mustGet(input.partnerOrderId);
      switch (input.action) {
        case 'place': {
          if (order.state === 'placed' && order.requisitionId) return { ...view(order), duplicate: true };
          if (order.state !== 'feasibilityChecked' || !order.supplierId || !order.contractId) {
            return reject(
              BusinessErrorType.InvalidStateTransition,
              `partner order ${order.id} is ${order.state}: no feasible supplier to place it with`,
            );
          }
          const placed = await partners.placeRequisition(call.idempotencyKey, {
            requisitionId: order.id,
            supplierId: order.supplierId,
            contractId: order.contractId,
            resourceSpecId: order.resourceSpecId,
            region: order.region,
            quantity: order.quantity,
            replyToWorkflowId: input.replyToWorkflowId,
          });
          await partnerOrders.addEvent(order.id, {
            kind: 'placed',
            detail: `${order.supplierId} ${placed.supplierReference}`,
            key: 'placed',
            at: now(),
          });
          const o = await partnerOrders.update(order.id, {
            state: 'placed',
            requisitionId: placed.requisitionId,
            supplierReference: placed.supplierReference,
            expectedDelivery: placed.deliveryDate ?? order.expectedDelivery,
          });
          return { ...view(o), duplicate: false };
        }
        case 'record': {
          const r = input.report;
          if (r.requisitionId !== order.requisitionId) {
            return reject(
              BusinessErrorType.ConflictingRequest,
              `report on ${r.requisitionId} is not about partner order ${order.id}'s requisition`,
            );
          }
          const fresh = await partnerOrders.addEvent(order.id, {
            kind: r.kind,
            detail: [r.deliveryDate, r.detail].filter(Boolean).join(' ') || null,
            key: `${r.kind}@${r.at}`,
            at: r.at,
          });
          if (!fresh) return { ...view(order), duplicate: true };
          const o = await partnerOrders.update(order.id, afterReport(order, r, await remedyAskedAt(order.id)));
          return { ...view(o), duplicate: false };
        }
        case 'poll': {
          if (!order.requisitionId)
            return reject(BusinessErrorType.InvalidStateTransition, `partner order ${order.id} was never placed`);
          const s = await partners.status(order.requisitionId);
          await partnerOrders.addEvent(order.id, {
            kind: 'polled',
            detail: `${s.status} ${s.deliveryDate ?? ''}`.trim(),
            key: call.idempotencyKey,
            at: now(),
          });
          const o = await partnerOrders.update(order.id, afterStatus(order, s));
          return { ...view(o), duplicate: false };
        }
        case 'cancel': {
          // Nothing to take back from an order already closed (accepted, or ended by the supplier).
          if (CLOSED.includes(order.state)) return { ...view(order), duplicate: true };
          if (order.requisitionId)
            await partners.cancelRequisition(call.idempotencyKey, order.requisitionId, input.reason);
          await partnerOrders.addEvent(order.id, { kind: 'cancelled', detail: input.reason, key: 'cancel', at: now() });
          const o = await partnerOrders.update(order.id, { state: input.outcome, reason: input.reason });
          return { ...view(o), duplicate: false };
        }
      }
    },
  );

  /**
   * 1.F.4.2.4 — receive what was delivered and test it with the supplier; accepted, it joins
   * the resource inventory reserved for the service it was bought for. A failed test is
   * negotiated once (the supplier puts it right and delivers again); failing again, the
   * product is rejected and the requisition closed with the supplier.
   */
  const receiveAndAcceptSPProduct = defineProcess(
    { etomId: '1.F.4.2.4', input: AcceptInput, output: AcceptOutput },
    async (input, call) => {
      const order = await mustGet(input.partnerOrderId);
      if (input.action === 'negotiate') {
        // A retried negotiation finds it already under way.
        if (order.state === 'inNegotiation')
          return { ...view(order), accepted: false, detail: input.detail, resourceIds: [] };
        if (order.state !== 'delivered')
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `partner order ${order.id} is ${order.state}, nothing delivered to negotiate`,
          );
        // Recorded before asking, so every report the supplier makes about the remedy comes after it.
        await partnerOrders.addEvent(order.id, {
          kind: 'remedyRequested',
          detail: input.detail,
          key: 'remedy',
          at: now(),
        });
        await partners.requestRemedy(call.idempotencyKey, order.requisitionId!, input.detail);
        const o = await partnerOrders.update(order.id, { state: 'inNegotiation' });
        return { ...view(o), accepted: false, detail: input.detail, resourceIds: [] };
      }

      if (order.state === 'accepted') {
        // Accepted before (a retry whose answer was lost): the same resources, from our record of it.
        const acceptance = (await partnerOrders.events(order.id)).find((e) => e.kind === 'accepted');
        return {
          ...view(order),
          accepted: true,
          detail: 'already accepted',
          resourceIds: acceptance?.detail?.split(' ') ?? [],
        };
      }
      if (order.state !== 'delivered')
        return reject(
          BusinessErrorType.InvalidStateTransition,
          `partner order ${order.id} is ${order.state}, nothing delivered`,
        );
      const requisitionId = order.requisitionId!;
      const delivery = await partners.status(requisitionId);
      const test =
        delivery.delivered.length < order.quantity
          ? { passed: false, detail: `short delivery: ${delivery.delivered.length} of ${order.quantity}` }
          : await partners.acceptanceTest(requisitionId);
      await partnerOrders.addEvent(order.id, {
        kind: test.passed ? 'acceptancePassed' : 'acceptanceFailed',
        detail: test.detail,
        key: `${call.idempotencyKey}/acceptance`,
        at: now(),
      });

      if (!test.passed) {
        if ((await remedyAskedAt(order.id)) === null)
          return { ...view(order), accepted: false, detail: test.detail, resourceIds: [] };
        // The remedy failed too: the product is refused and the requisition closed with the supplier.
        const reason = `rejected at acceptance after a remedy: ${test.detail}`;
        await partners.cancelRequisition(`${call.idempotencyKey}/return`, requisitionId, reason);
        await partnerOrders.addEvent(order.id, {
          kind: 'rejectedAtAcceptance',
          detail: test.detail,
          key: 'rejectedAtAcceptance',
          at: now(),
        });
        await partnerOrders.update(order.id, { state: 'rejected', reason });
        return reject(BusinessErrorType.AcceptanceFailed, reason);
      }

      const resourceIds: string[] = [];
      for (const [i, item] of delivery.delivered.slice(0, order.quantity).entries()) {
        const resource = await inventory.registerSuppliedResource(`${call.idempotencyKey}/register/${i}`, {
          resourceSpecId: order.resourceSpecId,
          region: order.region,
          name: item.name,
          supplierId: order.supplierId!,
          supplierReference: delivery.supplierReference,
          attributes: { ...item.attributes, contractId: order.contractId, partnerOrderId: order.id },
          serviceId: order.serviceId,
          customerId: order.customerId,
          reservationId: input.reservationId,
        });
        resourceIds.push(resource.id);
      }
      await partnerOrders.addEvent(order.id, {
        kind: 'accepted',
        detail: resourceIds.join(' '),
        key: 'accepted',
        at: now(),
      });
      const o = await partnerOrders.update(order.id, { state: 'accepted' });
      return { ...view(o), accepted: true, detail: test.detail, resourceIds };
    },
  );

  return {
    selectSupplierPartner,
    determineSPPreRequisitionFeasibility,
    placeAndTrackSPRequisition,
    receiveAndAcceptSPProduct,
  };
}
