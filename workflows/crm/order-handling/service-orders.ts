import {
  CancellationScope,
  ChildWorkflowCancellationType,
  condition,
  executeChild,
  isCancellation,
  patched,
  startChild,
} from '@temporalio/workflow';
import type { Characteristics, ProductOrderItemState } from '../../../src/domain/fulfilment/product-order';
import type { ServiceOrderRequest, ServiceOrderResult } from '../../../src/domain/fulfilment/service-order';
import { reasonOf } from '../../shared/failures';
import { serviceOrder, serviceOrderCeaseId, serviceOrderStart } from '../../smo/service-configuration-activation';
import type { ServiceOrderView } from '../order-handling';
import { waitsForOthers } from './lifecycle';
import { availabilityKey, crm, decided, item, type OrderRun, setState } from './run';

/** 1.F.1.5.4 — the service orders SM&O fulfils for this order, tracked until each has ended. */

/**
 * Starts one service order per request (SM&O queue, cancelled with the order's fulfilment
 * scope, waiting for SM&O to undo), and waits for them all. A cancellation of the order ends
 * the wait. The results, by service order id.
 */
export async function runServiceOrders(
  run: OrderRun,
  requests: ServiceOrderRequest[],
): Promise<Map<string, ServiceOrderResult>> {
  const results = new Map<string, ServiceOrderResult>();
  // An order changing products (#12): a cease, and an item relying on another, start once every
  // other service order has completed — a move's old site goes only when the new one is active.
  const later = requests.filter((r) => waitsForOthers(run, r.itemId));
  const first = requests.filter((r) => !later.includes(r));
  try {
    await run.fulfilment.run(async () => {
      await startAll(run, first);
      run.issuing = false;
      await awaitAll(run, first, results);
      if (later.length && first.every((r) => results.get(r.serviceOrderId)?.state === 'completed')) {
        decided(run, 'the items the others rely on completed: the rest start', '1.F.1.5.4');
        await startAll(run, later);
        await awaitAll(run, later, results);
      } else for (const r of later) run.heldBack.add(r.itemId);
    });
  } catch (err) {
    if (!isCancellation(err)) throw err;
  } finally {
    run.issuing = false;
  }
  run.done = true;
  return results;
}

async function startAll(run: OrderRun, requests: ServiceOrderRequest[]): Promise<void> {
  for (const request of requests) {
    item(run, request.itemId).serviceOrders.push({
      id: request.serviceOrderId,
      state: 'starting',
      etomId: null,
      serviceId: null,
      reason: null,
    });
    run.started.set(
      request.serviceOrderId,
      await startChild(
        serviceOrder,
        serviceOrderStart(request.serviceOrderId, withFeasibilityAvailability(run, request), {
          cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
        }),
      ),
    );
  }
}

async function awaitAll(
  run: OrderRun,
  requests: ServiceOrderRequest[],
  results: Map<string, ServiceOrderResult>,
): Promise<void> {
  await Promise.all(
    requests.map(async (request) => {
      const id = request.serviceOrderId;
      const handle = run.started.get(id)!;
      const so = run.view.items.flatMap((i) => i.serviceOrders).find((s) => s.id === id)!;
      try {
        const result = await handle.result();
        results.set(id, result);
        Object.assign(so, { state: result.state, serviceId: result.serviceId, reason: result.reason });
      } catch (err) {
        Object.assign(so, { state: isCancellation(err) ? 'cancelled' : 'failed', reason: reasonOf(err) });
      }
      if (so.state === 'completed') await applyAmendment(run, request, results);
    }),
  );
}

/**
 * From this patch on, an amendment of a modify in flight (#12) is applied: SM&O's modify takes
 * no amendment while it runs, so once it completes, Order Handling issues a second modify of
 * the same service, `<service order>/amend`, with the product's characteristics as amended.
 */
export const MODIFY_TAKES_AMENDMENTS = 'modify-takes-amendments';

/** The service order that applies an amendment of a modify: `<service order>/amend`. */
export const serviceOrderAmendId = (serviceOrderId: string) => `${serviceOrderId}/amend`;

const sameCharacteristics = (a: Characteristics, b: Characteristics) =>
  Object.keys({ ...a, ...b }).every((k) => a[k] === b[k]);

async function applyAmendment(
  run: OrderRun,
  request: ServiceOrderRequest,
  results: Map<string, ServiceOrderResult>,
): Promise<void> {
  if (request.action !== 'modify' || run.cancel.request) return;
  // An amendment accepted but still being recorded (1.F.1.5.4) is waited for, not missed.
  await condition(() => run.amending.count === 0);
  const wanted = run.items.get(request.itemId)?.characteristics;
  if (!wanted || sameCharacteristics(wanted, request.characteristics) || !patched(MODIFY_TAKES_AMENDMENTS)) return;
  decided(run, 'amendment applied by a second modify', '1.F.1.5.4', { serviceOrderId: request.serviceOrderId });
  const amendId = serviceOrderAmendId(request.serviceOrderId);
  const amended: ServiceOrderView = { id: amendId, state: 'starting', etomId: null, serviceId: null, reason: null };
  item(run, request.itemId).serviceOrders.push(amended);
  try {
    const result = await executeChild(
      serviceOrder,
      serviceOrderStart(amendId, { ...request, serviceOrderId: amendId, characteristics: wanted }),
    );
    results.set(amendId, result);
    Object.assign(amended, { state: result.state, serviceId: result.serviceId, reason: result.reason });
  } catch (err) {
    Object.assign(amended, { state: isCancellation(err) ? 'cancelled' : 'failed', reason: reasonOf(err) });
  }
}

/**
 * From this patch on, a service order carries what RM&O had when the order's feasibility was
 * checked, so its design does not ask again. Runs made before it issue the request alone.
 */
export const SERVICE_ORDER_GETS_FEASIBILITY_AVAILABILITY = 'service-order-gets-feasibility-availability';

function withFeasibilityAvailability(run: OrderRun, request: ServiceOrderRequest): ServiceOrderRequest {
  const availability = run.availability.get(availabilityKey(request.itemId, request.cfsSpecId));
  if (!availability || !patched(SERVICE_ORDER_GETS_FEASIBILITY_AVAILABILITY)) return request;
  return { ...request, availability };
}

/**
 * Settles each item. A service order that did not complete makes its item fail (or be
 * cancelled): the item's completed services are ceased, so its inventory is as before.
 */
export async function settleItems(run: OrderRun, requests: ServiceOrderRequest[]): Promise<void> {
  const cancelled = run.cancel.request;
  if (cancelled) {
    decided(run, 'order cancelled while its service orders ran', '1.F.1.5.4');
    await setState(run, 'assessingCancellation', cancelled.reason);
    await setState(run, 'pendingCancellation', cancelled.reason);
  }
  await CancellationScope.nonCancellable(() =>
    Promise.all(
      run.view.items.map(async (it) => {
        const complete = it.serviceOrders.length > 0 && it.serviceOrders.every((s) => s.state === 'completed');
        if (complete && !cancelled) {
          await crm.trackAndManageCustomerOrderHandling({
            action: 'item',
            orderId: run.orderId,
            itemId: it.itemId,
            state: 'completed',
            reason: null,
          });
          it.state = 'completed';
          return;
        }
        for (const so of it.serviceOrders.filter((s) => s.state === 'completed' && s.serviceId)) {
          await cease(run, so, requests);
        }
        const state: ProductOrderItemState = cancelled ? 'cancelled' : 'failed';
        const reason = cancelled?.reason ?? it.serviceOrders.find((s) => s.reason)?.reason ?? 'service order failed';
        await itemEnds(run, it, state, reason);
      }),
    ),
  );
}

/** 1.F.1.5.4 records how an item ended before the order shows it. */
export async function itemEnds(
  run: OrderRun,
  it: OrderRun['view']['items'][number],
  state: ProductOrderItemState,
  reason: string | null,
): Promise<void> {
  await crm.trackAndManageCustomerOrderHandling({
    action: 'item',
    orderId: run.orderId,
    itemId: it.itemId,
    state,
    reason,
  });
  it.state = state;
  it.reason = reason;
}

/** Compensation: the service a completed service order delivered is ceased (an SM&O delete order). */
export async function cease(run: OrderRun, so: ServiceOrderView, requests: ServiceOrderRequest[]): Promise<void> {
  decided(run, 'service ceased: its item did not complete', '1.F.1.5.4', { serviceOrderId: so.id });
  const request = requests.find((r) => r.serviceOrderId === so.id)!;
  const ceased = await executeChild(
    serviceOrder,
    serviceOrderStart(serviceOrderCeaseId(so.id), { ...request, action: 'delete', serviceId: so.serviceId! }),
  );
  so.state = ceased.state === 'completed' ? 'cancelled' : 'failed';
}
