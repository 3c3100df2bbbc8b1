import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';

const Id = z.string().min(1);
const Money = z.number().int();

/** Opens a bill cycle up to `periodEnd` and lists the accounts due, with the portfolio each bill must reflect. */
export const OpenCycleInput = z.object({ billRunId: Id, periodEnd: z.iso.datetime() });
export const CloseCycleInput = z.object({ billRunId: Id });
export const UpdateAccountInput = z.object({
  billingAccountId: Id,
  billingAddress: z.string().min(1).optional(),
  deliveryChannel: z.enum(['email', 'post', 'portal']).optional(),
});
export const AccountOutput = z.object({
  billRunId: z.string().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  accounts: z.array(
    z.object({
      billingAccountId: z.string(),
      customerId: z.string(),
      status: z.string(),
      balanceMinor: Money,
      products: z.array(z.object({ id: z.string(), status: z.string(), recurringMinor: Money })),
    }),
  ),
});

/**
 * 1.B.1.8.4 — keep the billing account and the portfolio it bills: open and close the bill
 * cycle over the accounts due, and bring an account's billing details up to date.
 */
export function createManageCustomerBillingAccount(ports: Pick<Ports, 'billing'>) {
  const { billing } = ports;

  /** The accounts as a bill must reflect them: balance and products held. */
  const view = async (ids: string[]) =>
    (await Promise.all(ids.map((id) => billing.account(id))))
      .filter((a) => a !== undefined)
      .map((a) => ({
        billingAccountId: a.id,
        customerId: a.customerId,
        status: a.status,
        balanceMinor: a.balanceMinor,
        products: a.products.map((p) => ({ id: p.id, status: p.status, recurringMinor: p.recurringMinor })),
      }));

  return defineProcessHandlers(
    {
      etomId: '1.B.1.8.4',
      handlers: {
        openCycle: { input: OpenCycleInput, output: AccountOutput },
        closeCycle: { input: CloseCycleInput, output: AccountOutput },
        update: { input: UpdateAccountInput, output: AccountOutput },
      },
    },
    {
      async openCycle(input, call) {
        const existing = await billing.billRun(input.billRunId);
        const periodStart =
          existing?.periodStart ??
          (await billing.lastBillRunEnd()) ??
          new Date(Date.parse(input.periodEnd) - 30 * 24 * 3600 * 1000).toISOString();
        const run =
          existing ??
          (await billing.openBillRun(call.idempotencyKey, {
            billRunId: input.billRunId,
            periodStart,
            periodEnd: input.periodEnd,
          }));
        return {
          billRunId: run.billRunId,
          periodStart: run.periodStart,
          periodEnd: run.periodEnd,
          accounts: await view(await billing.accountsToBill()),
        };
      },
      async closeCycle(input, call) {
        const run = await billing.closeBillRun(call.idempotencyKey, input.billRunId);
        return { billRunId: run.billRunId, periodStart: run.periodStart, periodEnd: run.periodEnd, accounts: [] };
      },
      async update(input, call) {
        await billing.updateAccount(call.idempotencyKey, input.billingAccountId, input);
        return {
          billRunId: null,
          periodStart: null,
          periodEnd: null,
          accounts: await view([input.billingAccountId]),
        };
      },
    },
  );
}
