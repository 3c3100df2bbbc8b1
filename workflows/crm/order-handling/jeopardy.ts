import { condition } from '@temporalio/workflow';
import { crm, decided, type OrderRun } from './run';

/**
 * 1.F.1.5.4 — jeopardy: a durable timer on the committed date (less the margin). When it
 * fires with service orders still open, the customer is told and the jeopardy recorded; a
 * new committed date re-arms it. Ends when every service order has.
 */
export async function watchJeopardy(run: OrderRun): Promise<void> {
  const { view } = run;
  while (!run.done) {
    const armedFor = run.commitment;
    const due = run.jeopardyAt ? Date.parse(run.jeopardyAt) - Date.now() : 0;
    const changed = await condition(() => run.done || run.commitment !== armedFor, Math.max(due, 1));
    if (changed) continue;
    const openItems = view.items
      .filter((i) => i.serviceOrders.some((s) => s.state !== 'completed'))
      .map((i) => i.itemId);
    if (openItems.length === 0) return;
    decided(run, 'order in jeopardy', '1.F.1.5.4', { openItems });
    const { jeopardyId } = await crm.trackAndManageCustomerOrderHandling({
      action: 'jeopardy',
      orderId: run.orderId,
      openItems,
    });
    if (jeopardyId) view.jeopardies.push(jeopardyId);
    await condition(() => run.done || run.commitment !== armedFor);
  }
}
