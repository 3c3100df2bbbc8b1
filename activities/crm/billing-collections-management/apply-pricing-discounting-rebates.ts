import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Bill } from '../../../src/domain/billing/billing';
import type { Ports } from '../../../src/ports';

const Id = z.string().min(1);
const Money = z.number().int();

export const PricingInput = z.object({
  billRunId: Id,
  billingAccountId: Id,
  /**
   * A final bill (#12): the ceased products priced up to the cease date, with their usage not yet
   * billed, in a run of their own (`billRunId`, the final bill's); no credits (the cycle applies them).
   */
  final: z.object({ productIds: z.array(Id).min(1), ceasedAt: z.iso.datetime() }).optional(),
});
export const PricingOutput = z.object({
  billId: z.string(),
  customerId: z.string(),
  recurringMinor: Money,
  usageMinor: Money,
  creditsMinor: Money,
  taxMinor: Money,
  totalMinor: Money,
  creditIds: z.array(z.string()),
  /** How many charge lines the bill has, tax aside. */
  lines: z.number().int().nonnegative().optional(),
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
    if (input.final) {
      const bill = await billing.draftFinalBill(`${call.idempotencyKey}/final`, {
        billRunId: input.billRunId,
        billingAccountId: account.id,
        ...input.final,
      });
      return priced(bill, []);
    }
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
    return priced(bill, creditIds);
  });
}

/** What pricing gives: the bill's amounts by kind. */
const priced = (bill: Bill, creditIds: string[]): z.input<typeof PricingOutput> => ({
  billId: bill.id,
  customerId: bill.customerId,
  recurringMinor: sumOf(bill.lines, 'recurring'),
  usageMinor: sumOf(bill.lines, 'usage'),
  creditsMinor: sumOf(bill.lines, 'slaCredit'),
  taxMinor: bill.taxMinor,
  totalMinor: bill.totalMinor,
  creditIds,
  lines: bill.lines.filter((l) => l.kind !== 'tax').length,
});
