import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, BusinessRejection, reject } from '../../../src/contracts/errors';
import { SupplierReport } from '../../../src/domain/fulfilment/partner-order';
import type { Ports } from '../../../src/ports';
import { CLOSED, PartnerOrderView, partnerOrderOf, remedyAskedAt, viewOf } from './partner-order-view';
import { afterReport, afterStatus } from './requisition-progress';

const PartnerOrderId = z.string().min(1);

/** Place the requisition with the supplier chosen as feasible; its reports come to `replyToWorkflowId`. */
export const PlaceSPRequisitionInput = z.object({
  partnerOrderId: PartnerOrderId,
  replyToWorkflowId: z.string().min(1),
});
/** Record what the supplier reported on the requisition. */
export const RecordSupplierReportInput = z.object({ partnerOrderId: PartnerOrderId, report: SupplierReport });
/** Ask a silent supplier where the requisition stands. */
export const PollSPRequisitionInput = z.object({ partnerOrderId: PartnerOrderId });
export const CancelSPRequisitionInput = z.object({
  partnerOrderId: PartnerOrderId,
  reason: z.string().min(1),
  /** 'failed' when S/PRM gives up on a supplier; 'cancelled' when the requester no longer needs it. */
  outcome: z.enum(['cancelled', 'failed']).default('cancelled'),
});
/** End a delivered and accepted product with its supplier: the service it was bought for is ceased. */
export const CeaseSPRequisitionInput = z.object({ partnerOrderId: PartnerOrderId, reason: z.string().min(1) });
/** The partner orders of a ceased service still to end with their suppliers (accepted ones). */
export const ServicePartnerOrdersInput = z.object({ serviceId: z.string().min(1) });
export const ServicePartnerOrdersOutput = z.object({ partnerOrderIds: z.array(z.string()) });
export const PlaceAndTrackSPRequisitionOutput = PartnerOrderView.extend({
  /** The report was already recorded (the supplier said it twice): nothing changed. */
  duplicate: z.boolean(),
  /** A cease the supplier refused, and why: the product stays accepted (held, paid), recorded for follow-up. */
  refused: z.string().optional(),
});

/**
 * 1.F.4.2.3 — place the requisition and follow it to delivery: from the supplier's reports
 * as they come, or by asking when the supplier is silent; cancel it when it is no longer
 * wanted; end it with the supplier once its service is ceased.
 */
export function createPlaceAndTrackSPRequisition(ports: Pick<Ports, 'partnerGateway' | 'partnerOrders' | 'clock'>) {
  const { partnerGateway: partners, partnerOrders, clock } = ports;
  const now = () => clock().toISOString();
  const output = PlaceAndTrackSPRequisitionOutput;
  return defineProcessHandlers(
    {
      etomId: '1.F.4.2.3',
      handlers: {
        place: { input: PlaceSPRequisitionInput, output },
        record: { input: RecordSupplierReportInput, output },
        poll: { input: PollSPRequisitionInput, output },
        cancel: { input: CancelSPRequisitionInput, output },
        cease: { input: CeaseSPRequisitionInput, output },
        ofService: { input: ServicePartnerOrdersInput, output: ServicePartnerOrdersOutput },
      },
    },
    {
      place: async (input, call) => {
        const order = await partnerOrderOf(partnerOrders, input.partnerOrderId);
        if (order.state === 'placed' && order.requisitionId) return { ...viewOf(order), duplicate: true };
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
        return { ...viewOf(o), duplicate: false };
      },
      record: async (input) => {
        const order = await partnerOrderOf(partnerOrders, input.partnerOrderId);
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
          // A hub's event id names the report itself: two events of one kind and time are two, its redelivery one.
          key: r.eventId ? `report:${r.eventId}` : `${r.kind}@${r.at}`,
          at: r.at,
        });
        if (!fresh) return { ...viewOf(order), duplicate: true };
        const remedy = await remedyAskedAt(partnerOrders, order.id);
        const o = await partnerOrders.update(order.id, afterReport(order, r, remedy));
        return { ...viewOf(o), duplicate: false };
      },
      poll: async (input, call) => {
        const order = await partnerOrderOf(partnerOrders, input.partnerOrderId);
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
        return { ...viewOf(o), duplicate: false };
      },
      cancel: async (input, call) => {
        const order = await partnerOrderOf(partnerOrders, input.partnerOrderId);
        // Nothing to take back from an order already closed (accepted, or ended by the supplier).
        if (CLOSED.includes(order.state)) return { ...viewOf(order), duplicate: true };
        if (order.requisitionId)
          await partners.cancelRequisition(call.idempotencyKey, order.requisitionId, input.reason);
        await partnerOrders.addEvent(order.id, { kind: 'cancelled', detail: input.reason, key: 'cancel', at: now() });
        const o = await partnerOrders.update(order.id, { state: input.outcome, reason: input.reason });
        return { ...viewOf(o), duplicate: false };
      },
      ofService: async (input) => ({
        partnerOrderIds: (await partnerOrders.ofService(input.serviceId))
          .filter((o) => o.state === 'accepted' || o.state === 'ceased')
          .map((o) => o.id),
      }),
      cease: async (input, call) => {
        const order = await partnerOrderOf(partnerOrders, input.partnerOrderId);
        if (order.state === 'ceased') return { ...viewOf(order), duplicate: true };
        if (order.state !== 'accepted' || !order.requisitionId)
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `partner order ${order.id} is ${order.state}: only an accepted product is ceased (cancel it instead)`,
          );
        let s;
        try {
          s = await partners.ceaseRequisition(call.idempotencyKey, order.requisitionId, input.reason);
        } catch (err) {
          if (!(err instanceof BusinessRejection)) throw err;
          // The supplier's answer, not our fault: the product stays ours (accepted, still billed by
          // it), the refusal recorded on the order for S/PRM to take up with the supplier.
          const why = `cease refused: ${err.message}`;
          await partnerOrders.addEvent(order.id, {
            kind: 'ceaseRefused',
            detail: why,
            key: `ceaseRefused/${call.idempotencyKey}`,
            at: now(),
          });
          const o = await partnerOrders.update(order.id, { reason: why });
          return { ...viewOf(o), duplicate: false, refused: why };
        }
        await partnerOrders.addEvent(order.id, {
          kind: 'ceased',
          detail: `${s.status}: ${input.reason}`,
          key: 'cease',
          at: now(),
        });
        const o = await partnerOrders.update(order.id, { state: 'ceased', reason: input.reason });
        return { ...viewOf(o), duplicate: false };
      },
    },
  );
}
