import { CancellationScope, condition, isCancellation, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { SprmActivities } from '../../activities/sprm';
import type { PartnerOrderRequest, PartnerOrderResult, PartnerOrderState, SupplierReport } from '../../src/domain/fulfilment/partner-order';
import { SYSTEM_CALL } from '../shared/activity-options';
import { businessRejection } from '../shared/failures';
import { getPartnerOrderQuery, supplierReportSignal } from '../shared/fulfilment-messages';
import { markProgress } from '../shared/search-attributes';

/**
 * S/P Requisition Management (1.F.4.2), the S/PRM side of fulfilment: one partner order per
 * component bought, started by SM&O. The supplier answers by reports (signals); when it falls
 * silent S/PRM asks (polls). The order ends accepted (the product joins the inventory reserved
 * for its service), rejected, failed (no supplier, or no delivery in time) or cancelled.
 */

const sprm = proxyActivities<SprmActivities>(SYSTEM_CALL);

export async function partnerOrder(req: PartnerOrderRequest): Promise<PartnerOrderResult> {
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
  setHandler(supplierReportSignal, (r) => {
    inbox.push(r);
  });
  const at = (process: string, state?: PartnerOrderState) => {
    view.currentProcess = process;
    if (state) view.state = state;
    markProgress({ process, state: view.state, layer: 'S/PRM', customerId: req.customerId });
  };
  const result = (state: PartnerOrderResult['state'], reason: string | null, resourceIds: string[] = []): PartnerOrderResult => {
    view.state = state;
    view.reason = reason;
    markProgress({ state });
    return { partnerOrderId: req.partnerOrderId, state, supplierId: view.supplierId, resourceIds, reason };
  };

  let placed = false;
  try {
    at('1.F.4.2.1');
    const selected = await sprm.selectSupplierPartner({
      partnerOrderId: req.partnerOrderId,
      serviceOrderId: req.serviceOrderId,
      serviceId: req.serviceId,
      customerId: req.customerId,
      region: req.region,
      resourceSpecId: req.resourceSpecId,
      quantity: req.quantity,
    });
    view.supplierId = selected.supplierId;
    at('1.F.4.2.2');
    const feasible = await sprm.determineSPPreRequisitionFeasibility({ partnerOrderId: req.partnerOrderId });
    view.supplierId = feasible.supplierId;
    view.expectedDelivery = feasible.expectedDelivery;

    at('1.F.4.2.3');
    const p = await sprm.placeAndTrackSPRequisition({ action: 'place', partnerOrderId: req.partnerOrderId, replyToWorkflowId: workflowInfo().workflowId });
    placed = true;
    view.state = p.state;
    view.expectedDelivery = p.expectedDelivery;

    // Track to delivery, then accept; a failed acceptance is negotiated once.
    for (let remedies = 0; ; remedies++) {
      const outcome = await trackUntilDelivered();
      if (outcome !== 'delivered') return result('failed', outcome);
      at('1.F.4.2.4');
      const accepted = await sprm.receiveAndAcceptSPProduct({ action: 'accept', partnerOrderId: req.partnerOrderId, reservationId: req.reservationId });
      if (accepted.accepted) return result('accepted', null, accepted.resourceIds);
      if (remedies >= 1) {
        await sprm.receiveAndAcceptSPProduct({ action: 'reject', partnerOrderId: req.partnerOrderId, detail: accepted.detail });
        return result('rejected', `acceptance failed twice: ${accepted.detail}`);
      }
      await sprm.receiveAndAcceptSPProduct({ action: 'negotiate', partnerOrderId: req.partnerOrderId, detail: accepted.detail });
      view.state = 'inNegotiation';
      at('1.F.4.2.3');
    }
  } catch (err) {
    const rejection = businessRejection(err);
    if (isCancellation(err)) {
      // SM&O no longer needs it: tell the supplier, whatever cancellation is under way.
      if (placed) {
        await CancellationScope.nonCancellable(() =>
          sprm.placeAndTrackSPRequisition({ action: 'cancel', partnerOrderId: req.partnerOrderId, reason: 'no longer needed by the service order' }),
        );
      }
      view.state = 'cancelled';
      throw err;
    }
    if (rejection) return result('failed', rejection.message);
    throw err;
  }

  /**
   * Waits for the supplier's reports, polling when it is silent for a poll interval. Ends
   * 'delivered', or with the reason it never will be (rejected, or too late: then the
   * requisition is cancelled with the supplier).
   */
  async function trackUntilDelivered(): Promise<'delivered' | string> {
    for (;;) {
      const heard = await condition(() => inbox.length > 0, req.timings.supplierPollInterval);
      let state = view.state;
      if (heard) {
        while (inbox.length > 0) {
          const t = await sprm.placeAndTrackSPRequisition({ action: 'record', partnerOrderId: req.partnerOrderId, report: inbox.shift()! });
          state = t.state;
          view.expectedDelivery = t.expectedDelivery;
        }
      } else {
        const t = await sprm.placeAndTrackSPRequisition({ action: 'poll', partnerOrderId: req.partnerOrderId });
        state = t.state;
        view.expectedDelivery = t.expectedDelivery;
      }
      view.state = state;
      if (state === 'delivered') return 'delivered';
      if (state === 'rejected') return 'rejected by the supplier';
      const deadline = view.expectedDelivery ? Date.parse(view.expectedDelivery) + req.timings.supplierDeliveryGrace : Infinity;
      if (Date.now() > deadline) {
        await sprm.placeAndTrackSPRequisition({ action: 'cancel', partnerOrderId: req.partnerOrderId, reason: 'not delivered in time' });
        return `not delivered by ${view.expectedDelivery} (grace ended)`;
      }
    }
  }
}
