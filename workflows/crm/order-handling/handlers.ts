import { condition, setHandler } from '@temporalio/workflow';
import {
  amendProductOrderUpdate,
  amendServiceOrderSignal,
  cancelProductOrderUpdate,
  getProductOrderQuery,
  serviceOrderProgressSignal,
  supplierDeliveryChangedSignal,
} from '../../shared/fulfilment-messages';
import { amendedCharacteristics } from './lifecycle';
import { crm, decided, IMPLEMENTED, item, type OrderRun, TERMINAL, timings } from './run';

/**
 * What the customer and SM&O may send an order at any time: the order's view (query), the
 * service orders' progress (signal), a cancellation and an amendment (updates, TMF622).
 */
export function handleOrderMessages(run: OrderRun): void {
  const { view, orderId } = run;
  setHandler(getProductOrderQuery, () => view);
  setHandler(serviceOrderProgressSignal, (p) => {
    const so = item(run, p.itemId)?.serviceOrders.find((s) => s.id === p.serviceOrderId);
    if (so) {
      so.state = p.state;
      so.etomId = p.etomId;
    }
  });
  // 1.F.4.2.3 → 1.F.1.5.4: a supplier's new date moves the committed date and the jeopardy timer.
  setHandler(supplierDeliveryChangedSignal, async (change) => {
    const over = () => TERMINAL.includes(view.state) || run.done;
    await condition(() => over() || (!run.issuing && view.committedDate !== null));
    if (over()) return;
    decided(run, 'supplier moved a delivery date', '1.F.1.5.4', { partnerOrderId: change.partnerOrderId });
    const { order, jeopardyAt } = await crm.trackAndManageCustomerOrderHandling({
      action: 'supplierDelay',
      orderId,
      committedDate: view.committedDate!,
      change,
      jeopardyMargin: timings(run).jeopardyMargin,
    });
    if (jeopardyAt && order.committedDate !== view.committedDate) {
      view.committedDate = order.committedDate;
      run.jeopardyAt = jeopardyAt;
      run.commitment++;
    }
  });
  setHandler(
    cancelProductOrderUpdate,
    async ({ reason }) => {
      run.cancel.request = { reason };
      run.fulfilment.cancel();
      await condition(() => view.state === 'pendingCancellation' || TERMINAL.includes(view.state));
      return view;
    },
    {
      validator: ({ reason }) => {
        if (!reason) throw new Error('a cancellation needs a reason');
        if (TERMINAL.includes(view.state)) throw new Error(`order ${orderId} is ${view.state}: it cannot be cancelled`);
        if (run.cancel.request) throw new Error(`order ${orderId} is already being cancelled`);
        if (view.currentProcess === '1.F.1.5.5') throw new Error(`order ${orderId} is being completed`);
      },
    },
  );
  setHandler(
    amendProductOrderUpdate,
    async (amendment) => {
      // Counted from its acceptance: a modify whose service order completes meanwhile waits for it.
      run.amending.count++;
      try {
        await condition(() => !run.issuing && run.validated.request !== undefined);
        const { order, jeopardyAt } = await crm.trackAndManageCustomerOrderHandling({
          action: 'amend',
          orderId,
          requestedCompletionDate: amendment.requestedCompletionDate,
          items: amendment.items ?? [],
          jeopardyMargin: timings(run).jeopardyMargin,
        });
        for (const a of amendment.items ?? []) {
          // A modify's service orders carry the service's complete characteristics: the amendment merged over them.
          const characteristics = amendedCharacteristics(run, a.itemId, a.characteristics);
          for (const so of item(run, a.itemId).serviceOrders) {
            await run.started.get(so.id)?.signal(amendServiceOrderSignal, { characteristics });
          }
        }
        if (amendment.requestedCompletionDate && jeopardyAt) {
          view.committedDate = order.committedDate;
          run.jeopardyAt = jeopardyAt;
          run.commitment++;
        }
        return view;
      } finally {
        run.amending.count--;
      }
    },
    {
      validator: (amendment) => {
        if (TERMINAL.includes(view.state) || run.cancel.request)
          throw new Error(`order ${orderId} is ${view.state}: it cannot be amended`);
        if (!amendment.requestedCompletionDate && !amendment.items?.length)
          throw new Error('an amendment changes a date or an item');
        for (const a of amendment.items ?? []) {
          const it = view.items.find((i) => i.itemId === a.itemId);
          if (!it) throw new Error(`order ${orderId} has no item ${a.itemId}`);
          const action = run.input.items.find((i) => i.id === a.itemId)?.action ?? 'add';
          if (action === 'delete' || action === 'noChange')
            throw new Error(`item ${a.itemId} is a ${action}: it has no characteristics to amend`);
          // Implemented (1.F.2.2.4 reported), or completed without elements to reconfigure: too late.
          if (
            it.serviceOrders.some(
              (s) => (s.etomId !== null && IMPLEMENTED.includes(s.etomId)) || s.state === 'completed',
            )
          ) {
            throw new Error(`item ${a.itemId} is already implemented: it can no longer be amended`);
          }
        }
      },
    },
  );
}
