import type { OrderContact } from './customer-interface';
import { closeWithCustomer } from './customer-interface';
import { crm, decided, type OrderRun, setState } from './run';
import type { ProductOrderOutcome } from '../order-handling';

/** How an order ends before any service order is issued: rejected, or cancelled by the customer. */

/** Not feasible, or credit refused: the order and its items are rejected, the customer told. */
export async function rejectOrder(run: OrderRun, contact: OrderContact, reason: string): Promise<ProductOrderOutcome> {
  decided(run, 'order rejected', run.view.currentProcess ?? '1.F.1.5', { reason });
  await setState(run, 'rejected', reason);
  for (const i of run.view.items) i.state = 'rejected';
  return closeWithCustomer(run, contact, 'rejected');
}

/** Cancelled before anything was issued: nothing to undo, each item is cancelled. */
export async function cancelBeforeIssue(run: OrderRun, contact: OrderContact): Promise<ProductOrderOutcome> {
  const { reason } = run.cancel.request!;
  decided(run, 'order cancelled before issue', '1.F.1.5.4');
  await setState(run, 'assessingCancellation', reason);
  await setState(run, 'pendingCancellation', reason);
  for (const i of run.view.items) {
    await crm.trackAndManageCustomerOrderHandling({
      action: 'item',
      orderId: run.orderId,
      itemId: i.itemId,
      state: 'cancelled',
      reason,
    });
    i.state = 'cancelled';
  }
  await setState(run, 'cancelled', reason);
  return closeWithCustomer(run, contact, 'closed');
}
