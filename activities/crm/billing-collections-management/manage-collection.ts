import { z } from 'zod';
import { billingAccountStateChanged } from '../../../src/api/account/events';
import { customerBillStateChanged } from '../../../src/api/customer-bill/events';
import { BILLING_APIS } from '../../../src/api/customer-bill/representation';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BillState, DunningAction } from '../../../src/domain/billing/billing';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { mustBill } from './bill';

const Id = z.string().min(1);
const Money = z.number().int();
const Step = z.number().int().positive();

export const PaymentInput = z.object({ billId: Id, amountMinor: z.number().int().positive(), reference: Id });
export const DunningInput = z.object({
  billId: Id,
  step: Step,
  stepAction: DunningAction.exclude(['suspension', 'restoration']),
});
/** The last dunning step: the request to service management to suspend the account's products. */
export const SuspendInput = z.object({ billId: Id, step: Step });
export const RestoreInput = z.object({ billId: Id, step: Step });
/** Which services the suspension (or the resumption after payment) orders from SM&O, one service order each. */
export const ServicesInput = z.object({ billId: Id, phase: z.enum(['suspend', 'resume']) });
export const ServicesOutput = z.object({
  billId: z.string(),
  services: z.array(
    z.object({
      serviceId: z.string(),
      productId: z.string(),
      productOrderId: z.string(),
      itemId: z.string(),
      customerId: z.string(),
      cfsSpecId: z.string(),
      region: z.string(),
    }),
  ),
});
export const CollectionOutput = z.object({
  billId: z.string(),
  billState: BillState,
  outstandingMinor: Money,
  products: z.array(z.string()),
});

/**
 * 1.B.1.8.5 — collect what the customer owes: record payments, remind (dunning), suspend the
 * products for non-payment as the last step ("il peut en résulter une mise en attente": the
 * services are suspended by SM&O first, see billCollection), and restore them once paid.
 */
export function createManageCollection(
  ports: Pick<Ports, 'billing' | 'productOrders' | 'notifications' | 'eventSubscriptions' | 'clock'>,
) {
  const { billing, notifications, eventSubscriptions } = ports;

  /**
   * The products' status in the product inventory, which closes their open charge period and
   * opens the next: a suspended product is not charged while suspended (1.B.1.8.4 bills what is
   * delivered). Once per product and key.
   */
  const setStatus = async (key: string, billId: string, products: string[], status: 'active' | 'suspended') => {
    const at = ports.clock().toISOString();
    const held = (await billing.account((await mustBill(billing, billId)).billingAccountId))?.products ?? [];
    // A product ceased meanwhile stays terminated.
    const live = new Set(held.filter((p) => p.status !== 'terminated').map((p) => p.id));
    for (const productId of products.filter((p) => live.has(p)))
      await ports.productOrders.recordProductChange(`${key}/${productId}`, { productId, at, orderId: null, status });
  };

  /** The bill as it stands after the step, and the products the step suspended or restored. */
  const outcome = async (billId: string, products: string[] = []) => {
    const bill = await mustBill(billing, billId);
    return { billId: bill.id, billState: bill.state, outstandingMinor: bill.totalMinor - bill.paidMinor, products };
  };

  return defineProcessHandlers(
    {
      etomId: '1.B.1.8.5',
      handlers: {
        payment: { input: PaymentInput, output: CollectionOutput },
        dunning: { input: DunningInput, output: CollectionOutput },
        suspend: { input: SuspendInput, output: CollectionOutput },
        restore: { input: RestoreInput, output: CollectionOutput },
        services: { input: ServicesInput, output: ServicesOutput },
      },
    },
    {
      async payment(input, call) {
        await billing.recordPayment(call.idempotencyKey, input, customerBillStateChanged);
        await wakeEventDelivery(eventSubscriptions, BILLING_APIS.customerBill);
        return outcome(input.billId);
      },
      async dunning(input, call) {
        const { outstandingMinor } = await billing.dunningStep(call.idempotencyKey, {
          billId: input.billId,
          step: input.step,
          action: input.stepAction,
        });
        const bill = await mustBill(billing, input.billId);
        await notifications.send(`${call.idempotencyKey}/notice`, {
          recipient: bill.customerId,
          channel: 'email',
          subject:
            input.stepAction === 'finalNotice' ? `Final notice: bill ${bill.id}` : `Reminder: bill ${bill.id} is due`,
          body: `${outstandingMinor} minor units ${bill.currency} remain unpaid on bill ${bill.id} (due ${bill.dueAt}).`,
          reference: bill.id,
        });
        return outcome(input.billId);
      },
      async suspend(input, call) {
        await billing.dunningStep(`${call.idempotencyKey}/step`, {
          billId: input.billId,
          step: input.step,
          action: 'suspension',
        });
        const products = await billing.suspendForNonPayment(
          `${call.idempotencyKey}/suspend`,
          input.billId,
          billingAccountStateChanged,
        );
        await setStatus(`${call.idempotencyKey}/status`, input.billId, products, 'suspended');
        await wakeEventDelivery(eventSubscriptions, BILLING_APIS.account);
        return outcome(input.billId, products);
      },
      async restore(input, call) {
        const products = await billing.restoreAfterPayment(
          `${call.idempotencyKey}/restore`,
          input.billId,
          billingAccountStateChanged,
        );
        await setStatus(`${call.idempotencyKey}/status`, input.billId, products, 'active');
        await wakeEventDelivery(eventSubscriptions, BILLING_APIS.account);
        await billing.dunningStep(`${call.idempotencyKey}/step`, {
          billId: input.billId,
          step: input.step,
          action: 'restoration',
        });
        return outcome(input.billId, products);
      },
      async services(input) {
        return { billId: input.billId, services: await billing.suspensionServices(input.billId, input.phase) };
      },
    },
  );
}
