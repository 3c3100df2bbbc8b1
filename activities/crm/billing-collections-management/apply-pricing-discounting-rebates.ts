import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';

const Id = z.string().min(1);
const Money = z.number().int();

export const PricingInput = z.object({ billRunId: Id, billingAccountId: Id });
export const PricingOutput = z.object({
  billId: z.string(),
  customerId: z.string(),
  recurringMinor: Money,
  usageMinor: Money,
  creditsMinor: Money,
  taxMinor: Money,
  totalMinor: Money,
  creditIds: z.array(z.string()),
});

const sumOf = (lines: Array<{ kind: string; amountMinor: number }>, kind: string) =>
  lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.amountMinor, 0);

/**
 * 1.B.1.8.2 — price the account's bill for the cycle, with its discounts, and the rebates
 * assurance owes for missed SLAs, each applied once.
 */
export function createApplyPricingDiscountingAndRebates(ports: Pick<Ports, 'billing' | 'slaCredits'>) {
  const { billing } = ports;
  return defineProcess({ etomId: '1.B.1.8.2', input: PricingInput, output: PricingOutput }, async (input, call) => {
    const account =
      (await billing.account(input.billingAccountId)) ??
      reject(BusinessErrorType.NotFound, `billing account ${input.billingAccountId} does not exist`);
    // The credits assurance recorded for missed SLAs are rebates on this bill, applied once.
    const credits = await ports.slaCredits.pending(account.customerId);
    const bill = await billing.draftBill(`${call.idempotencyKey}/draft`, { ...input, credits });
    const creditIds = bill.lines.filter((l) => l.kind === 'slaCredit').map((l) => l.reference!);
    const stillPending = (await ports.slaCredits.pending(account.customerId)).filter((c) => creditIds.includes(c.id));
    if (stillPending.length)
      await ports.slaCredits.markApplied(
        `${call.idempotencyKey}/credits`,
        stillPending.map((c) => c.id),
        bill.id,
      );
    return {
      billId: bill.id,
      customerId: bill.customerId,
      recurringMinor: sumOf(bill.lines, 'recurring'),
      usageMinor: sumOf(bill.lines, 'usage'),
      creditsMinor: sumOf(bill.lines, 'slaCredit'),
      taxMinor: bill.taxMinor,
      totalMinor: bill.totalMinor,
      creditIds,
    };
  });
}
