import {
  CancellationScope,
  CancelledFailure,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { SmoActivities } from '../../../activities/smo';
import type { Characteristics } from '../../../src/domain/fulfilment/product-order';
import type {
  ServiceOrderRequest,
  ServiceOrderResult,
  ServiceOrderState,
} from '../../../src/domain/fulfilment/service-order';
import { SYSTEM_CALL } from '../../shared/activity-options';
import {
  amendServiceOrderSignal,
  getServiceOrderQuery,
  type LayerOrderView,
  serviceOrderProgressSignal,
  supplierDeliveryChangedSignal,
} from '../../shared/fulfilment-messages';
import { businessRejection, reasonOf } from '../../shared/failures';
import { markProgress } from '../../shared/search-attributes';

/** SM&O's Level-3 processes, as the service order's workflow calls them. */
export const smo = proxyActivities<SmoActivities>(SYSTEM_CALL);

/**
 * The same processes as local activities, for calls that only read (the catalog, the pools):
 * they run on this worker within the workflow task, without a round trip through the server.
 */
export const smoReads = proxyLocalActivities<SmoActivities>({ ...SYSTEM_CALL, startToCloseTimeout: '10 seconds' });

/** The milestone Order Handling hears about by signal (see `done`). */
const REPORTED_TO_CRM: readonly string[] = ['1.F.2.2.4'];

/**
 * One service order as its steps share it: the request, what the `getServiceOrder` query
 * shows, where the order is in the process, and whether it has been asked to stop.
 */
export interface ServiceOrderRun {
  readonly req: ServiceOrderRequest;
  /** The order's id is its workflow's: a cease reuses the request of the order it undoes. */
  readonly serviceOrderId: string;
  readonly view: LayerOrderView<ServiceOrderState> & { serviceId: string | null };
  /** The service order as CRM issued it, less how it is to be run: what design works from. */
  readonly header: {
    serviceOrderId: string;
    productOrderId: string;
    itemId: string;
    customerId: string;
    region: string;
    cfsSpecId: string;
    characteristics: Characteristics;
  };
  /** What the logs carry at each decision: the process and the order, never the customer. */
  logAttributes(etomId?: string | null): { etomId: string | null; businessId: string };
  /** The process now running (kept for the query, and indexed when the state changes). */
  at(etomId: string): void;
  /** A milestone reached: Order Handling hears of the one it acts on. */
  done(etomId: string, detail?: string): Promise<void>;
  /** Stops the order here, between steps, if it has been cancelled. */
  checkpoint(): void;
  /** Waits for `p`, or for a cancellation of the order, whichever comes first. */
  orCancelled<T>(p: Promise<T>): Promise<T>;
  /** Customer changes queued so far go to design; after implementation they are refused there. */
  takeAmendments(): Promise<void>;
  /** The order's result, its state recorded for the query and the index. */
  finish(
    state: ServiceOrderResult['state'],
    reason: string | null,
    extra?: Partial<ServiceOrderResult>,
  ): ServiceOrderResult;
}

/**
 * Opens the order: its query and amendment signal, and the watch for a cancellation. Called
 * in the workflow's own scope: the steps then run shielded from cancellation, so none is cut
 * off half-done; the request is noticed between steps and during waits, and the compensation
 * decides what to cancel.
 */
export function openServiceOrder(req: ServiceOrderRequest): ServiceOrderRun {
  const serviceOrderId = workflowInfo().workflowId;
  const view: ServiceOrderRun['view'] = {
    id: serviceOrderId,
    state: 'acknowledged',
    currentProcess: null,
    reason: null,
    serviceId: req.serviceId ?? null,
  };
  setHandler(getServiceOrderQuery, () => view);
  const amendments: Characteristics[] = [];
  setHandler(amendServiceOrderSignal, ({ characteristics }) => {
    amendments.push(characteristics);
  });
  // 1.F.4.2.3 → 1.F.2.2.3: a supplier moved the date of a component the work waits for; the
  // work plan takes it. A change for work no longer under way (done, called off) changes nothing.
  setHandler(supplierDeliveryChangedSignal, async (change) => {
    if (!change.resourceSpecId) return;
    try {
      await smo.trackAndManageWorkOrders({
        action: 'reschedule',
        serviceOrderId,
        resourceSpecId: change.resourceSpecId,
        partnerOrderId: change.partnerOrderId,
        expectedDelivery: change.expectedDelivery,
      });
    } catch (err) {
      if (!businessRejection(err)) throw err;
      log.info('supplier date not taken into the work plan', { ...logAttributes('1.F.2.2.3'), reason: reasonOf(err) });
    }
  });
  const logAttributes = (etomId: string | null = view.currentProcess) => ({ etomId, businessId: serviceOrderId });

  const cancelRequested = CancellationScope.current().cancelRequested;
  const cancellation = { requested: false };
  cancelRequested.catch(() => {
    cancellation.requested = true;
    log.info('service order cancellation requested', logAttributes());
  });

  markProgress({ state: view.state, layer: 'SM&O', customerId: req.customerId });

  const run: ServiceOrderRun = {
    req,
    serviceOrderId,
    view,
    header: {
      serviceOrderId,
      productOrderId: req.productOrderId,
      itemId: req.itemId,
      customerId: req.customerId,
      region: req.region,
      cfsSpecId: req.cfsSpecId,
      characteristics: req.characteristics,
    },
    logAttributes,
    at(etomId) {
      view.currentProcess = etomId;
      markProgress({ process: etomId, state: view.state });
    },
    /**
     * Tells Order Handling (1.F.1.5.4) the one milestone it acts on while the service order
     * runs: implemented, after which the item can no longer be amended (activation reaches it
     * as the child's result). Each signal costs the order a workflow task, so every other step
     * is left to the `getServiceOrder` query.
     */
    async done(etomId, detail) {
      const parent = workflowInfo().parent;
      if (!parent) return;
      if (!REPORTED_TO_CRM.includes(etomId)) return;
      await getExternalWorkflowHandle(parent.workflowId).signal(serviceOrderProgressSignal, {
        serviceOrderId,
        itemId: req.itemId,
        etomId,
        state: view.state,
        detail,
      });
    },
    checkpoint() {
      if (cancellation.requested) throw new CancelledFailure('service order cancelled');
    },
    orCancelled: <T>(p: Promise<T>): Promise<T> => Promise.race([p, cancelRequested]),
    async takeAmendments() {
      while (amendments.length > 0) {
        const out = await smo.designSolution({ action: 'amend', serviceOrderId, characteristics: amendments.shift()! });
        // Only an applied change is progress: Order Handling refuses late ones on its own.
        if (out.applied) await run.done('1.F.2.2.1', 'amendment applied');
      }
    },
    finish(state, reason, extra = {}) {
      view.state = state;
      view.reason = reason;
      markProgress({ state });
      return { serviceOrderId, state, serviceId: view.serviceId, reason, parameters: {}, resourceIds: [], ...extra };
    },
  };
  return run;
}
