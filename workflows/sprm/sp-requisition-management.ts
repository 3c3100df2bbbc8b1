import {
  ActivityCancellationType,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { SprmActivities } from '../../activities/sprm';
import type {
  PartnerOrderRequest,
  PartnerOrderResult,
  PartnerOrderState,
  SupplierReport,
} from '../../src/domain/fulfilment/partner-order';
import { SYSTEM_CALL } from '../shared/activity-options';
import { type ChildExtras, childStart } from '../shared/child';
import { businessRejection } from '../shared/failures';
import {
  getPartnerOrderQuery,
  supplierDeliveryChangedSignal,
  supplierReportSignal,
} from '../shared/fulfilment-messages';
import { productOrderOfServiceOrder, type SupplierDeliveryChange } from '../../src/domain/fulfilment/supplier-delivery';
import { markProgress } from '../shared/search-attributes';
import { PartnerOrderRequest as PartnerOrderRequestContract } from '../../src/domain/fulfilment/partner-order';
import { validInput } from '../shared/valid-input';

/**
 * S/P Requisition Management (1.F.4.2), the S/PRM side of fulfilment: one partner order per
 * component bought, started by SM&O. The supplier answers by reports (signals); when it falls
 * silent S/PRM asks (polls). The order ends accepted (the product joins the inventory reserved
 * for its service), rejected (by the supplier, or at acceptance), failed (no supplier can, or
 * none delivered in time) or cancelled.
 */

const sprm = proxyActivities<SprmActivities>({
  ...SYSTEM_CALL,
  // A cancelled order waits for the call in flight to finish, so the undo sees what it did.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

/** The partner order that buys one component (a resource specification) for a service order. */
export const partnerOrderId = (serviceOrderId: string, resourceSpecId: string): string =>
  `${serviceOrderId}/PR-${resourceSpecId}`;

/** How SM&O starts a partner order: on S/PRM's task queue, under the order's own id. */
export const partnerOrderStart = (workflowId: string, request: PartnerOrderRequest, extras?: ChildExtras) =>
  childStart<typeof partnerOrder>('sprm', workflowId, [request], extras);

/** From this patch on, a supplier's new delivery date reaches the product order (1.F.1.5.4). */
export const PARTNER_ORDER_TELLS_DELIVERY_CHANGE = 'partner-order-tells-delivery-change';
/** From this patch on, it reaches the service order too (1.F.2.2.3), before the product order. */
export const PARTNER_ORDER_TELLS_SERVICE_ORDER = 'partner-order-tells-service-order';

export async function partnerOrder(req: PartnerOrderRequest): Promise<PartnerOrderResult> {
  validInput(PartnerOrderRequestContract, req);
  const view = {
    id: req.partnerOrderId,
    state: 'acknowledged' as PartnerOrderState,
    currentProcess: null as string | null,
    reason: null as string | null,
    supplierId: null as string | null,
    expectedDelivery: null as string | null,
  };
  setHandler(getPartnerOrderQuery, () => view);
  const inbox: SupplierReport[] = [];
  setHandler(supplierReportSignal, (report) => {
    if (report.requisitionId === req.partnerOrderId) inbox.push(report);
  });

  /** What the logs carry at each decision: the process and the order, never the customer. */
  const attributes = () => ({ etomId: view.currentProcess, businessId: req.partnerOrderId });
  const at = (process: string) => {
    view.currentProcess = process;
    markProgress({ process, state: view.state, layer: 'S/PRM', customerId: req.customerId });
  };
  const follow = (o: { state: PartnerOrderState; supplierId: string | null; expectedDelivery: string | null }) => {
    view.supplierId = o.supplierId;
    view.expectedDelivery = o.expectedDelivery;
    if (o.state !== view.state) {
      view.state = o.state;
      markProgress({ state: o.state });
    }
  };
  const end = (
    state: PartnerOrderResult['state'],
    reason: string | null,
    resourceIds: string[] = [],
  ): PartnerOrderResult => {
    view.state = state;
    view.reason = reason;
    markProgress({ state });
    return { partnerOrderId: req.partnerOrderId, state, supplierId: view.supplierId, resourceIds, reason };
  };

  let recorded = false;
  try {
    at('1.F.4.2.1');
    recorded = true;
    follow(
      await sprm.selectSupplierPartner({
        partnerOrderId: req.partnerOrderId,
        serviceOrderId: req.serviceOrderId,
        serviceId: req.serviceId,
        customerId: req.customerId,
        region: req.region,
        resourceSpecId: req.resourceSpecId,
        quantity: req.quantity,
      }),
    );
    at('1.F.4.2.2');
    follow(await sprm.determineSPPreRequisitionFeasibility({ partnerOrderId: req.partnerOrderId }));

    at('1.F.4.2.3');
    follow(
      await sprm.placeAndTrackSPRequisition({
        action: 'place',
        partnerOrderId: req.partnerOrderId,
        replyToWorkflowId: workflowInfo().workflowId,
      }),
    );

    // Track to delivery, then accept; a failed acceptance is negotiated once, a second failure rejects.
    for (;;) {
      const stop = await trackUntilDelivered();
      if (stop) return stop;
      at('1.F.4.2.4');
      const acceptance = await sprm.receiveAndAcceptSPProduct({
        action: 'accept',
        partnerOrderId: req.partnerOrderId,
        reservationId: req.reservationId,
      });
      follow(acceptance);
      if (acceptance.accepted) return end('accepted', null, acceptance.resourceIds);
      log.info('product not accepted: negotiating with the supplier', attributes());
      follow(
        await sprm.receiveAndAcceptSPProduct({
          action: 'negotiate',
          partnerOrderId: req.partnerOrderId,
          detail: acceptance.detail,
        }),
      );
      at('1.F.4.2.3');
    }
  } catch (err) {
    if (isCancellation(err)) {
      log.info('partner order cancelled: telling the supplier', attributes());
      // SM&O no longer needs it: tell the supplier, whatever cancellation is under way.
      if (recorded) {
        await CancellationScope.nonCancellable(async () => {
          try {
            follow(
              await sprm.placeAndTrackSPRequisition({
                action: 'cancel',
                partnerOrderId: req.partnerOrderId,
                reason: 'no longer needed by the service order',
              }),
            );
          } catch (undoErr) {
            // Cancelled before the order was even recorded: there is nothing to undo.
            if (!businessRejection(undoErr)) throw undoErr;
          }
        });
      }
      end('cancelled', 'no longer needed by the service order');
      throw err;
    }
    const rejection = businessRejection(err);
    if (rejection?.type === 'AcceptanceFailed') return end('rejected', rejection.message);
    if (rejection) return end('failed', rejection.message);
    throw err;
  }

  /**
   * 1.F.4.2.3 receives the supplier's change of delivery date and tells those it puts at risk:
   * the service order the component is for (SM&O, whose work plan 1.F.2.2.3 takes the new
   * date), and Order Handling (1.F.1.5.4) of the product order above it, which moves its
   * committed date and jeopardy and tells the customer. A partner order started on its own has
   * no one to tell. Versioned: runs before each patch sent nothing there.
   */
  async function tellOfNewDate(promised: string | null, detail: string | null): Promise<void> {
    const parent = workflowInfo().parent;
    if (!view.expectedDelivery || view.expectedDelivery === promised || !parent) return;
    const change = {
      partnerOrderId: req.partnerOrderId,
      serviceOrderId: req.serviceOrderId,
      resourceSpecId: req.resourceSpecId,
      supplierId: view.supplierId,
      previousDelivery: promised,
      expectedDelivery: view.expectedDelivery,
      detail,
    };
    if (patched(PARTNER_ORDER_TELLS_SERVICE_ORDER)) await tell(parent.workflowId, change);
    const productOrderId = productOrderOfServiceOrder(req.serviceOrderId);
    if (!productOrderId || !patched(PARTNER_ORDER_TELLS_DELIVERY_CHANGE)) return;
    await tell(productOrderId, change);
  }
  async function tell(workflowId: string, change: SupplierDeliveryChange): Promise<void> {
    log.info('supplier moved its delivery date: telling the order that waits for it', { ...attributes(), workflowId });
    try {
      await getExternalWorkflowHandle(workflowId).signal(supplierDeliveryChangedSignal, change);
    } catch (err) {
      // The order has ended (or never was): the delivery goes on, there is no date left to move.
      if (isCancellation(err)) throw err;
      log.info('no order left to tell of the new delivery date', { ...attributes(), workflowId });
    }
  }

  /**
   * Follows the requisition until the product is delivered (returns undefined), or returns
   * how the order ended: rejected by the supplier, or not delivered by the expected date plus
   * the grace (then the requisition is cancelled with the supplier). Waits for reports, and
   * asks the supplier when it has been silent for a poll interval.
   */
  async function trackUntilDelivered(): Promise<PartnerOrderResult | undefined> {
    const placedAt = Date.now();
    /** When S/PRM stops waiting: the date the supplier last promised, plus the grace. */
    const deadline = () =>
      (view.expectedDelivery ? Date.parse(view.expectedDelivery) : placedAt) + req.timings.supplierDeliveryGrace;
    for (;;) {
      // Never 0: condition() with a zero timeout would wait without one.
      const wait = Math.max(1, Math.min(req.timings.supplierPollInterval, deadline() - Date.now()));
      if (await condition(() => inbox.length > 0, wait)) {
        while (inbox.length > 0) {
          const report = inbox.shift()!;
          const promised = view.expectedDelivery;
          follow(
            await sprm.placeAndTrackSPRequisition({ action: 'record', partnerOrderId: req.partnerOrderId, report }),
          );
          if (report.kind === 'deliveryDateChanged') await tellOfNewDate(promised, report.detail ?? null);
        }
      } else {
        follow(await sprm.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: req.partnerOrderId }));
      }
      if (view.state === 'delivered') return undefined;
      if (view.state === 'rejected') return end('rejected', 'rejected by the supplier');
      if (view.state === 'cancelled') return end('cancelled', 'cancelled by the supplier');
      if (Date.now() > deadline()) {
        const reason = `not delivered by ${view.expectedDelivery ?? 'the promised date'} and the grace that followed`;
        log.info('supplier late past the grace: cancelling the requisition', attributes());
        follow(
          await sprm.placeAndTrackSPRequisition({
            action: 'cancel',
            partnerOrderId: req.partnerOrderId,
            reason,
            outcome: 'failed',
          }),
        );
        return end('failed', reason);
      }
    }
  }
}

/** What a ceased service's suppliers are told: the service, and why. */
export interface PartnerCeaseRequest {
  serviceId: string;
  reason: string;
}

/** The S/PRM run that ends a ceased service's supplier products: one per service order. */
export const partnerCeaseId = (serviceOrderId: string): string => `${serviceOrderId}/PR-cease`;

/** How SM&O's cease starts it: on S/PRM's task queue. */
export const partnerCeaseStart = (workflowId: string, request: PartnerCeaseRequest) =>
  childStart<typeof partnerCease>('sprm', workflowId, [request]);

/** What a partner cease ended, and what a supplier refused to end (recorded for follow-up). */
export interface PartnerCeaseResult {
  ceased: string[];
  /** Absent from the results of runs before #12's refusals: none was told apart then. */
  refused?: Array<{ partnerOrderId: string; reason: string }>;
}

/**
 * 1.F.4.2.3 for a ceased service: every product its partner orders bought and accepted is ended
 * with its supplier (a TMF622 `delete` on the supplier's side), and the partner order closes
 * `ceased` in the store. One already ceased is not ceased twice. A supplier that refuses (its
 * minimum term, say) does not hold the service's cease up: 1.F.4.2.3 records the refusal on the
 * partner order, which stays accepted, and the run names it among the refused for follow-up.
 */
export async function partnerCease(req: PartnerCeaseRequest): Promise<PartnerCeaseResult> {
  const { partnerOrderIds } = await sprm.placeAndTrackSPRequisition({ action: 'ofService', serviceId: req.serviceId });
  const out: Required<PartnerCeaseResult> = { ceased: [], refused: [] };
  for (const partnerOrderId of partnerOrderIds) {
    const v = await sprm.placeAndTrackSPRequisition({ action: 'cease', partnerOrderId, reason: req.reason });
    if (v.refused) {
      log.info('supplier refused the cease: recorded for follow-up', {
        etomId: '1.F.4.2.3',
        businessId: partnerOrderId,
        reason: v.refused,
      });
      out.refused.push({ partnerOrderId, reason: v.refused });
    } else out.ceased.push(partnerOrderId);
  }
  return out;
}
