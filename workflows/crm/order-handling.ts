import {
  CancellationScope,
  ChildWorkflowCancellationType,
  type ChildWorkflowHandle,
  condition,
  defineQuery,
  defineUpdate,
  executeChild,
  isCancellation,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import type { CompleteOutput, ReceiveOrderOutput } from '../../src/domain/fulfilment/customer-order';
import type {
  Characteristics,
  ProductOrderItemState,
  ProductOrderRequestInput,
  ProductOrderState,
} from '../../src/domain/fulfilment/product-order';
import type {
  ServiceFeasibility,
  ServiceOrderRequest,
  ServiceOrderResult,
  ServiceOrderState,
} from '../../src/domain/fulfilment/service-order';
import type { FulfilmentTimings } from '../../src/domain/fulfilment/timings';
import { SYSTEM_CALL } from '../shared/activity-options';
import { businessRejection, reasonOf } from '../shared/failures';
import { amendServiceOrderSignal, serviceOrderProgressSignal } from '../shared/fulfilment-messages';
import { markProgress } from '../shared/search-attributes';
import { layerQueue } from '../shared/task-queues';

/**
 * Order Handling (1.F.1.5), the CRM side of fulfilment: one workflow per customer order, whose
 * id is the order's external id (so a resubmission is the same order). It receives the order
 * through Customer Interface Management, checks feasibility with SM&O (who asks RM&O) and the
 * customer's credit, issues one service order per customer-facing service to SM&O as child
 * workflows, tracks them against the committed date, and completes the order with the customer.
 */

export interface ServiceOrderView {
  id: string;
  state: ServiceOrderState | 'starting';
  /** The last SM&O process the service order reported. */
  etomId: string | null;
  serviceId: string | null;
  reason: string | null;
}

export interface ProductOrderView {
  orderId: string;
  customerId: string;
  state: ProductOrderState;
  reason: string | null;
  /** The Level-3 process the order is in now. */
  currentProcess: string | null;
  committedDate: string | null;
  jeopardies: string[];
  items: Array<{
    itemId: string;
    state: ProductOrderItemState;
    reason: string | null;
    serviceOrders: ServiceOrderView[];
  }>;
}

export type ProductOrderOutcome = ProductOrderView & Pick<CompleteOutput, 'billingAccountId' | 'products'>;

export interface Amendment {
  requestedCompletionDate?: string;
  items?: Array<{ itemId: string; characteristics: Characteristics }>;
}

export const getProductOrderQuery = defineQuery<ProductOrderView>('getProductOrder');
/** TMF622 CancelProductOrder: answers once the cancellation is accepted (pendingCancellation). */
export const cancelProductOrderUpdate = defineUpdate<ProductOrderView, [{ reason: string }]>('cancelProductOrder');
/** A change of date, or of an item's characteristics before its service is implemented. */
export const amendProductOrderUpdate = defineUpdate<ProductOrderView, [Amendment]>('amendProductOrder');

const crm = proxyActivities<CrmActivities>(SYSTEM_CALL);

const TERMINAL: readonly ProductOrderState[] = ['rejected', 'completed', 'partial', 'failed', 'cancelled'];
/** After these SM&O processes the service is built: the item can no longer be amended. */
const IMPLEMENTED: readonly string[] = ['1.F.2.2.4', '1.F.2.2.5', '1.F.2.2.6'];

export async function productOrder(input: ProductOrderRequestInput): Promise<ProductOrderOutcome> {
  const orderId = workflowInfo().workflowId;
  const view: ProductOrderView = {
    orderId,
    customerId: input.customerId,
    state: 'acknowledged',
    reason: null,
    currentProcess: '1.FAB.1.2.1',
    committedDate: null,
    jeopardies: [],
    items: input.items.map((i) => ({ itemId: i.id, state: 'acknowledged', reason: null, serviceOrders: [] })),
  };
  // Held in an object: set by the cancel update, read by the main flow between its steps.
  const cancel: { request?: { reason: string } } = {};
  const cancelRequest = () => cancel.request;
  let issuing = false;
  let commitment = 0; // bumped whenever the committed date moves, so a stale jeopardy timer stands down
  let jeopardyAt: string | null = null;
  const started = new Map<string, ChildWorkflowHandle<(r: ServiceOrderRequest) => Promise<ServiceOrderResult>>>();
  const fulfilment = new CancellationScope();

  const at = (process: string) => {
    view.currentProcess = process;
    markProgress({ process, state: view.state, layer: 'CRM', customerId: input.customerId });
  };
  const setState = async (state: ProductOrderState, reason: string | null) => {
    await crm.trackAndManageCustomerOrderHandling({ action: 'order', orderId, state, reason });
    view.state = state;
    view.reason = reason;
    markProgress({ state });
  };
  const item = (itemId: string) => view.items.find((i) => i.itemId === itemId)!;

  setHandler(getProductOrderQuery, () => view);
  setHandler(serviceOrderProgressSignal, (p) => {
    const so = item(p.itemId)?.serviceOrders.find((s) => s.id === p.serviceOrderId);
    if (so) {
      so.state = p.state;
      so.etomId = p.etomId;
    }
  });
  setHandler(
    cancelProductOrderUpdate,
    async ({ reason }) => {
      cancel.request = { reason };
      fulfilment.cancel();
      await condition(() => view.state === 'pendingCancellation' || TERMINAL.includes(view.state));
      return view;
    },
    {
      validator: ({ reason }) => {
        if (!reason) throw new Error('a cancellation needs a reason');
        if (TERMINAL.includes(view.state)) throw new Error(`order ${orderId} is ${view.state}: it cannot be cancelled`);
        if (cancel.request) throw new Error(`order ${orderId} is already being cancelled`);
        if (view.currentProcess === '1.F.1.5.5') throw new Error(`order ${orderId} is being completed`);
      },
    },
  );
  setHandler(
    amendProductOrderUpdate,
    async (amendment) => {
      await condition(() => !issuing && validated.request !== undefined);
      const { order, jeopardyAt: newJeopardyAt } = await crm.trackAndManageCustomerOrderHandling({
        action: 'amend',
        orderId,
        requestedCompletionDate: amendment.requestedCompletionDate,
        items: amendment.items ?? [],
        jeopardyMargin: timings().jeopardyMargin,
      });
      for (const a of amendment.items ?? []) {
        for (const so of item(a.itemId).serviceOrders) {
          await started.get(so.id)?.signal(amendServiceOrderSignal, { characteristics: a.characteristics });
        }
      }
      if (amendment.requestedCompletionDate && newJeopardyAt) {
        view.committedDate = order.committedDate;
        jeopardyAt = newJeopardyAt;
        commitment++;
      }
      return view;
    },
    {
      validator: (amendment) => {
        if (TERMINAL.includes(view.state) || cancel.request)
          throw new Error(`order ${orderId} is ${view.state}: it cannot be amended`);
        if (!amendment.requestedCompletionDate && !amendment.items?.length)
          throw new Error('an amendment changes a date or an item');
        for (const a of amendment.items ?? []) {
          const it = view.items.find((i) => i.itemId === a.itemId);
          if (!it) throw new Error(`order ${orderId} has no item ${a.itemId}`);
          if (it.serviceOrders.some((s) => s.etomId !== null && IMPLEMENTED.includes(s.etomId))) {
            throw new Error(`item ${a.itemId} is already implemented: it can no longer be amended`);
          }
        }
      },
    },
  );

  // The order as validated by 1.F.1.5.3 (defaults filled in); amendments wait for it.
  const validated: { request?: NonNullable<ReceiveOrderOutput['request']> } = {};
  const timings = (): FulfilmentTimings => validated.request!.timings;

  // Customer Interface Management: the order enters the way a customer's would.
  const contact = await crm.manageContact({
    action: 'open',
    customerId: input.customerId,
    channel: input.channel ?? 'web',
    reason: 'product order',
    summary: `order ${orderId}: ${input.items.length} item(s)`,
  });
  at('1.FAB.1.2.2');
  const request = await crm.manageRequest({
    action: 'receive',
    contactId: contact.id,
    customerId: input.customerId,
    requestType: 'productOrder',
    payload: { orderId, items: input.items.map((i) => i.productOfferingId) },
  });

  const finish = async (requestStatus: 'closed' | 'rejected'): Promise<ProductOrderOutcome> => {
    await crm.manageRequest({
      action: 'progress',
      requestId: request.request.id,
      status: requestStatus,
      reference: orderId,
    });
    await crm.manageContact({ action: 'close', contactId: contact.id });
    markProgress({ state: view.state, process: view.currentProcess ?? undefined });
    return { ...view, billingAccountId: null, products: [] };
  };
  const rejectOrder = async (reason: string): Promise<ProductOrderOutcome> => {
    await setState('rejected', reason);
    for (const i of view.items) i.state = 'rejected';
    return finish('rejected');
  };
  const cancelBeforeIssue = async (): Promise<ProductOrderOutcome> => {
    await setState('assessingCancellation', cancel.request!.reason);
    await setState('pendingCancellation', cancel.request!.reason);
    for (const i of view.items) {
      await crm.trackAndManageCustomerOrderHandling({
        action: 'item',
        orderId,
        itemId: i.itemId,
        state: 'cancelled',
        reason: cancel.request!.reason,
      });
      i.state = 'cancelled';
    }
    await setState('cancelled', cancel.request!.reason);
    return finish('closed');
  };

  // 1.F.1.5.3 — receive: validate the order, record it, decompose its products.
  at('1.F.1.5.3');
  let received: ReceiveOrderOutput;
  try {
    received = await crm.receivePurchaseOrderAndIssueOrders({
      action: 'receive',
      orderId,
      contactId: contact.id,
      requestId: request.request.id,
      order: input,
    });
  } catch (err) {
    const rejection = businessRejection(err);
    if (!rejection) throw err;
    // An order that fails validation is never recorded: there is no valid order to keep.
    view.state = 'rejected';
    view.reason = rejection.message;
    for (const i of view.items) i.state = 'rejected';
    return finish('rejected');
  }
  validated.request = received.request ?? undefined;
  if (cancel.request) return cancelBeforeIssue();

  // 1.F.1.5.1 — feasibility: SM&O assesses each service (asking RM&O), nothing is reserved.
  at('1.F.1.5.1');
  const assessments = await Promise.all(
    received.decomposition.flatMap((d) =>
      d.cfsSpecIds.map(async (cfsSpecId) => ({
        itemId: d.itemId,
        ...(await executeChild<
          (i: { cfsSpecId: string; region: string; characteristics: Characteristics }) => Promise<ServiceFeasibility>
        >('serviceFeasibility', {
          taskQueue: layerQueue('smo'),
          workflowId: `${orderId}/feasibility/${d.itemId}/${cfsSpecId}`,
          args: [{ cfsSpecId, region: d.region, characteristics: d.characteristics }],
        })),
      })),
    ),
  );
  const feasibility = await crm.determineCustomerOrderFeasibility({ orderId, assessments });
  if (!feasibility.feasible) {
    const reasons = feasibility.items.filter((i) => !i.feasible).map((i) => `${i.itemId}: ${i.reasons.join('; ')}`);
    return rejectOrder(`not feasible — ${reasons.join(' | ')}`);
  }
  if (cancel.request) return cancelBeforeIssue();

  // 1.F.1.5.2 — credit authorization.
  at('1.F.1.5.2');
  const credit = await crm.authorizeCredit({ orderId });
  if (!credit.authorized) return rejectOrder(`credit refused: ${credit.reason}`);
  if (cancel.request) return cancelBeforeIssue();

  // 1.F.1.5.3 — issue the service orders; 1.F.1.5.4 — commit a date and watch it.
  at('1.F.1.5.3');
  issuing = true;
  const issued = await crm.receivePurchaseOrderAndIssueOrders({ action: 'issue', orderId, timings: timings() });
  view.state = 'inProgress';
  for (const i of view.items) i.state = 'inProgress';
  at('1.F.1.5.4');
  const committed = await crm.trackAndManageCustomerOrderHandling({
    action: 'commit',
    orderId,
    now: new Date().toISOString(),
    jeopardyMargin: timings().jeopardyMargin,
  });
  view.committedDate = committed.order.committedDate;
  jeopardyAt = committed.jeopardyAt;

  const serviceResults = new Map<string, ServiceOrderResult>();
  const fulfilled = fulfilment.run(async () => {
    for (const request of issued.serviceOrders) {
      item(request.itemId).serviceOrders.push({
        id: request.serviceOrderId,
        state: 'starting',
        etomId: null,
        serviceId: null,
        reason: null,
      });
      started.set(
        request.serviceOrderId,
        await startChild<(r: ServiceOrderRequest) => Promise<ServiceOrderResult>>('serviceOrder', {
          taskQueue: layerQueue('smo'),
          workflowId: request.serviceOrderId,
          args: [request],
          cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
        }),
      );
    }
    issuing = false;
    await Promise.all(
      [...started].map(async ([id, handle]) => {
        const so = view.items.flatMap((i) => i.serviceOrders).find((s) => s.id === id)!;
        try {
          const result = await handle.result();
          serviceResults.set(id, result);
          Object.assign(so, { state: result.state, serviceId: result.serviceId, reason: result.reason });
        } catch (err) {
          Object.assign(so, { state: isCancellation(err) ? 'cancelled' : 'failed', reason: reasonOf(err) });
        }
      }),
    );
  });
  let done = false;
  const watch = watchJeopardy();
  try {
    await fulfilled;
  } catch (err) {
    if (!isCancellation(err)) throw err;
  } finally {
    issuing = false;
  }
  done = true;

  // Settle each item. A service order that did not complete makes its item fail (or be
  // cancelled): the item's completed services are ceased, so its inventory is as before.
  // The cancel update may have arrived while the children ran (TS cannot see that).
  const cancelled = cancelRequest();
  if (cancelled) {
    await setState('assessingCancellation', cancelled.reason);
    await setState('pendingCancellation', cancelled.reason);
  }
  await CancellationScope.nonCancellable(() =>
    Promise.all(
      view.items.map(async (it) => {
        const complete = it.serviceOrders.length > 0 && it.serviceOrders.every((s) => s.state === 'completed');
        if (complete && !cancelled) {
          await crm.trackAndManageCustomerOrderHandling({
            action: 'item',
            orderId,
            itemId: it.itemId,
            state: 'completed',
            reason: null,
          });
          it.state = 'completed';
          return;
        }
        for (const so of it.serviceOrders.filter((s) => s.state === 'completed' && s.serviceId)) {
          const cease = await executeChild<(r: ServiceOrderRequest) => Promise<ServiceOrderResult>>('serviceOrder', {
            taskQueue: layerQueue('smo'),
            workflowId: `${so.id}/cease`,
            args: [
              {
                ...issued.serviceOrders.find((r) => r.serviceOrderId === so.id)!,
                action: 'delete',
                serviceId: so.serviceId!,
              },
            ],
          });
          so.state = cease.state === 'completed' ? 'cancelled' : 'failed';
        }
        const state: ProductOrderItemState = cancelled ? 'cancelled' : 'failed';
        const reason = cancelled?.reason ?? it.serviceOrders.find((s) => s.reason)?.reason ?? 'service order failed';
        await crm.trackAndManageCustomerOrderHandling({ action: 'item', orderId, itemId: it.itemId, state, reason });
        it.state = state;
        it.reason = reason;
      }),
    ),
  );
  await watch;

  // 1.F.1.5.5 — complete: products on the billing account, services handed to assurance.
  at('1.F.1.5.5');
  const completed = await crm.completeCustomerOrder({
    orderId,
    services: view.items.map((it) => ({
      itemId: it.itemId,
      serviceIds: it.serviceOrders.map((s) => serviceResults.get(s.id)?.serviceId).filter((s): s is string => !!s),
    })),
  });
  view.state = completed.order.state;
  view.reason = completed.order.stateReason;
  markProgress({ state: view.state });
  const outcome = await finish(view.state === 'failed' ? 'rejected' : 'closed');
  return { ...outcome, billingAccountId: completed.billingAccountId, products: completed.products };

  /**
   * 1.F.1.5.4 — jeopardy: a durable timer on the committed date (less the margin). When it
   * fires with service orders still open, the customer is told and the jeopardy recorded; a
   * new committed date re-arms it.
   */
  async function watchJeopardy(): Promise<void> {
    while (!done) {
      const armedFor = commitment;
      const due = jeopardyAt ? Date.parse(jeopardyAt) - Date.now() : 0;
      const changed = await condition(() => done || commitment !== armedFor, Math.max(due, 1));
      if (changed) continue;
      const openItems = view.items
        .filter((i) => i.serviceOrders.some((s) => s.state !== 'completed'))
        .map((i) => i.itemId);
      if (openItems.length === 0) return;
      const { jeopardyId } = await crm.trackAndManageCustomerOrderHandling({ action: 'jeopardy', orderId, openItems });
      if (jeopardyId) view.jeopardies.push(jeopardyId);
      await condition(() => done || commitment !== armedFor);
    }
  }
}
