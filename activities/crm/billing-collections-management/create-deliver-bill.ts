import { z } from 'zod';
import { customerBillCreated } from '../../../src/api/customer-bill/events';
import { BILLING_APIS } from '../../../src/api/customer-bill/representation';
import { defineProcess } from '../../../src/contracts/activity';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { mustBill } from './bill';

const Id = z.string().min(1);
const Money = z.number().int();

export const DeliverInput = z.object({
  billId: Id,
  paymentTermMs: z.number().int().nonnegative(),
  invoiceDir: z.string().min(1).optional(),
});
export const DeliverOutput = z.object({
  billId: z.string(),
  customerId: z.string(),
  totalMinor: Money,
  dueAt: z.string(),
  documentPath: z.string(),
  notificationId: z.string(),
});

/** 1.B.1.8.3 — issue the bill as a document with its due date, and deliver it on the account's channel. */
export function createCreateAndDeliverBill(
  ports: Pick<Ports, 'billing' | 'notifications' | 'eventSubscriptions' | 'clock'>,
) {
  const { billing } = ports;
  return defineProcess({ etomId: '1.B.1.8.3', input: DeliverInput, output: DeliverOutput }, async (input, call) => {
    const draft = await mustBill(billing, input.billId);
    const dueAt = draft.dueAt ?? new Date(ports.clock().getTime() + input.paymentTermMs).toISOString();
    const bill =
      draft.state === 'draft'
        ? await billing.issueBill(
            `${call.idempotencyKey}/issue`,
            { billId: input.billId, invoiceDir: input.invoiceDir, dueAt },
            customerBillCreated,
          )
        : draft;
    await wakeEventDelivery(ports.eventSubscriptions, BILLING_APIS.customerBill);
    const account = (await billing.account(bill.billingAccountId))!;
    // Once per bill, whichever run asks (a final bill asked again for its order is not sent twice).
    const note = await ports.notifications.send(`bill/${bill.id}/deliver`, {
      recipient: bill.customerId,
      channel: account.deliveryChannel === 'post' ? 'email' : account.deliveryChannel === 'portal' ? 'portal' : 'email',
      subject: `Your bill ${bill.id}`,
      body: `Bill ${bill.id} for ${account.customerName}: ${bill.totalMinor} minor units ${bill.currency}, due ${bill.dueAt}. Document: ${bill.documentPath}`,
      reference: bill.id,
    });
    return {
      billId: bill.id,
      customerId: bill.customerId,
      totalMinor: bill.totalMinor,
      dueAt: bill.dueAt!,
      documentPath: bill.documentPath!,
      notificationId: note.id,
    };
  });
}
