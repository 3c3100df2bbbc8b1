import { CancellationScope, executeChild, ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import type { CompleteOutput, ReceiveOrderOutput } from '../../../src/domain/fulfilment/customer-order';
import type { Characteristics, ProductOrderItemState } from '../../../src/domain/fulfilment/product-order';
import type { ServiceOrderRequest } from '../../../src/domain/fulfilment/service-order';
import { reasonOf } from '../../shared/failures';
import { serviceOrder, serviceOrderStart } from '../../smo/service-configuration-activation';
import { finalBill, finalBillStart, finalBillWorkflowId } from '../final-bill';
import type { ServiceOrderView } from '../order-handling';
import { customerRelationship, customerRelationshipStart, customerRelationshipWorkflowId } from '../retention-loyalty';
import { decided, type OrderRun, setState } from './run';
import { cease, itemEnds } from './service-orders';

/**
 * The product lifecycle in Order Handling (#12): an order whose items modify, cease (delete) or
 * name (noChange) products the customer holds. Such an order is all or nothing — a failure
 * part-way leaves every product as it was: what an add built is ceased, what a modify changed
 * is modified back, and the items that rely on another (a move's cease of the old site) or
 * cease a product run only once every other item has completed, so nothing ceased must be
 * restored. Orders of adds only keep the per-item outcome they always had.
 */

/** What the order's items do, from the order as 1.F.1.5.3 received it. */
export function rememberItems(run: OrderRun, received: ReceiveOrderOutput): void {
  for (const d of received.decomposition)
    run.items.set(d.itemId, {
      action: d.action ?? 'add',
      characteristics: d.characteristics,
      before: d.before ?? null,
    });
}

const actionOf = (run: OrderRun, itemId: string) => run.items.get(itemId)?.action ?? 'add';

/** An order with anything but adds: all or nothing. */
export const changesProducts = (run: OrderRun) => [...run.items.values()].some((i) => i.action !== 'add');

/** The items that wait for every other to complete: a cease, and an item relying on another. */
export function waitsForOthers(run: OrderRun, itemId: string): boolean {
  const item = run.input.items.find((i) => i.id === itemId);
  return actionOf(run, itemId) === 'delete' || (item?.productOrderItemRelationship?.length ?? 0) > 0;
}

/**
 * Settles every item of an order that changes products: all completed (a noChange item has no
 * service order and completes with the others), or none — each completed service order undone,
 * the failing item `failed`, the others (rolled back, or never started) `cancelled`.
 */
export async function settleChanges(run: OrderRun, requests: ServiceOrderRequest[]): Promise<void> {
  const cancelled = run.cancel.request;
  if (cancelled) {
    decided(run, 'order cancelled while its service orders ran', '1.F.1.5.4');
    await setState(run, 'assessingCancellation', cancelled.reason);
    await setState(run, 'pendingCancellation', cancelled.reason);
  }
  // An item with no service order is done unless it is an add, or was held back: a noChange, a
  // modify no service's own characteristics see, a cease of services already gone.
  const done = (it: OrderRun['view']['items'][number]) =>
    it.serviceOrders.length > 0
      ? it.serviceOrders.every((s) => s.state === 'completed')
      : actionOf(run, it.itemId) !== 'add' && !run.heldBack.has(it.itemId);
  const failing = run.view.items.find((it) => !done(it) && it.serviceOrders.some((s) => s.reason));
  const allDone = !cancelled && run.view.items.every(done);
  if (!allDone) decided(run, 'order rolled back: every product as it was', '1.F.1.5.4', { failed: failing?.itemId });
  await CancellationScope.nonCancellable(() =>
    Promise.all(
      run.view.items.map(async (it) => {
        if (allDone) return itemEnds(run, it, 'completed', null);
        for (const so of it.serviceOrders.filter((s) => s.state === 'completed' && s.serviceId))
          await undo(run, it.itemId, so, requests);
        const own = it.serviceOrders.find((s) => s.reason && s.state !== 'completed' && s.state !== 'cancelled');
        const state: ProductOrderItemState = own && !cancelled ? 'failed' : 'cancelled';
        const reason =
          cancelled?.reason ??
          own?.reason ??
          (!run.heldBack.has(it.itemId)
            ? `rolled back: item ${failing?.itemId ?? '?'} did not complete`
            : `not started: item ${failing?.itemId ?? '?'} did not complete`);
        return itemEnds(run, it, state, reason);
      }),
    ),
  );
}

/** The service order that undoes a completed one: `<service order>/restore`. */
export const serviceOrderRestoreId = (serviceOrderId: string) => `${serviceOrderId}/restore`;

/** Compensation of one completed service order: an add ceased, a modify modified back. */
async function undo(run: OrderRun, itemId: string, so: ServiceOrderView, requests: ServiceOrderRequest[]) {
  const action = actionOf(run, itemId);
  if (action === 'add') return cease(run, so, requests);
  const before = run.items.get(itemId)?.before;
  if (action !== 'modify' || !before) {
    // A cease runs last, once every other item completed: a completed cease is not undone.
    decided(run, 'ceased service kept ceased', '1.F.1.5.4', { serviceOrderId: so.id });
    return;
  }
  const request = requests.find((r) => r.serviceOrderId === so.id);
  if (!request) {
    // An amendment's second modify (`/amend`): the first one's restore takes the service back to before.
    so.state = 'cancelled';
    return;
  }
  decided(run, 'service modified back: the order did not complete', '1.F.1.5.4', { serviceOrderId: so.id });
  const restored = await executeChild(
    serviceOrder,
    serviceOrderStart(serviceOrderRestoreId(so.id), {
      ...request,
      serviceOrderId: serviceOrderRestoreId(so.id),
      characteristics: before,
    }),
  );
  so.state = restored.state === 'completed' ? 'cancelled' : 'failed';
  if (restored.state !== 'completed') so.reason = `not modified back: ${restored.reason ?? restored.state}`;
}

/**
 * From this patch on, a completed order hands its customer to Retention & Loyalty (1.FAB.1.9.1:
 * every order establishes or updates the relationship, not only a sale's, whose Selling does),
 * and a cease starts the final bill (1.B.1.8) and tells Retention & Loyalty `productCeased`.
 */
export const ORDER_HANDS_OVER_RELATIONSHIP = 'order-hands-over-relationship';

export interface FollowUps {
  finalBill: { workflowId: string; billId: string | null; totalMinor: number; lines: number } | null;
  relationshipWorkflowIds: string[];
}

export async function followUps(run: OrderRun, completed: CompleteOutput): Promise<FollowUps | null> {
  if (!patched(ORDER_HANDS_OVER_RELATIONSHIP)) return null;
  const out: FollowUps = { finalBill: null, relationshipWorkflowIds: [] };
  const ceased = (completed.changes ?? []).filter((c) => c.action === 'delete');
  if (ceased.length) {
    const workflowId = finalBillWorkflowId(run.orderId);
    try {
      const bill = await executeChild(
        finalBill,
        finalBillStart(workflowId, {
          billingAccountId: ceased[0]!.billingAccountId,
          productIds: ceased.map((c) => c.productId),
          ceasedAt: ceased[0]!.at ?? new Date().toISOString(),
          orderId: run.orderId,
        }),
      );
      out.finalBill = { workflowId, ...bill };
    } catch (err) {
      // The products are ceased whatever the bill: a bill that cannot be made is billing's to chase.
      decided(run, 'final bill not made', '1.F.1.5.5', { reason: reasonOf(err) });
    }
  }
  const delivered = run.view.items.some((i) => i.state === 'completed' && actionOf(run, i.itemId) !== 'delete');
  const customerId = run.input.customerId;
  const hand = async (workflowId: string, trigger: Parameters<typeof customerRelationship>[0]['trigger']) => {
    await startChild(
      customerRelationship,
      customerRelationshipStart(workflowId, { customerId, trigger }, { parentClosePolicy: ParentClosePolicy.ABANDON }),
    );
    out.relationshipWorkflowIds.push(workflowId);
  };
  // A sale's order: Selling hands the customer over itself once the order is done.
  if (delivered && !run.input.quoteId)
    await hand(customerRelationshipWorkflowId(run.orderId), { kind: 'orderCompleted', orderId: run.orderId });
  for (const c of ceased)
    await hand(customerRelationshipWorkflowId(`${run.orderId}.${c.productId}`), {
      kind: 'productCeased',
      productId: c.productId,
    });
  return out;
}

/** What a modify item is amended to: its complete characteristics, the amendment merged over them. */
export function amendedCharacteristics(run: OrderRun, itemId: string, change: Characteristics): Characteristics {
  const item = run.items.get(itemId);
  if (!item || item.action !== 'modify') return change;
  item.characteristics = { ...item.characteristics, ...change };
  return item.characteristics;
}
