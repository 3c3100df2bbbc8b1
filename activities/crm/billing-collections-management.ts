import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { BillState, DunningAction } from '../../src/domain/billing/billing';
import { isPeak, unitsOf } from '../../src/domain/billing/rating';
import type { Ports } from '../../src/ports';

/**
 * Billing & Collections Management (1.B.1.8): the billing account and the portfolio it bills,
 * pricing with discounts, rebates and the SLA credits assurance owes, the bill made and sent
 * as a document, inquiries answered from the rated records, and collection — payments,
 * dunning, suspension for non-payment and restoration.
 */

const Id = z.string().min(1);
const Money = z.number().int();

export const AccountInput = z.discriminatedUnion('action', [
  /** Opens a bill cycle up to `periodEnd` and lists the accounts due, with the portfolio each bill must reflect. */
  z.object({ action: z.literal('openCycle'), billRunId: Id, periodEnd: z.iso.datetime() }),
  z.object({ action: z.literal('closeCycle'), billRunId: Id }),
  z.object({
    action: z.literal('update'),
    billingAccountId: Id,
    billingAddress: z.string().min(1).optional(),
    deliveryChannel: z.enum(['email', 'post', 'portal']).optional(),
  }),
]);
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

export const InquiryInput = z.object({
  customerId: Id,
  billId: Id,
  usageRecordId: z.number().int().positive(),
  claim: z.string().min(1),
});
export const InquiryOutput = z.object({
  inquiryId: z.string(),
  state: z.enum(['upheld', 'notUpheld']),
  finding: z.string(),
  adjustmentMinor: Money,
});

export const CollectionInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('payment'), billId: Id, amountMinor: z.number().int().positive(), reference: Id }),
  z.object({
    action: z.literal('dunning'),
    billId: Id,
    step: z.number().int().positive(),
    stepAction: DunningAction.exclude(['suspension', 'restoration']),
  }),
  /** The last dunning step: the request to service management to suspend the account's products. */
  z.object({ action: z.literal('suspend'), billId: Id, step: z.number().int().positive() }),
  z.object({ action: z.literal('restore'), billId: Id, step: z.number().int().positive() }),
]);
export const CollectionOutput = z.object({
  billId: z.string(),
  billState: BillState,
  outstandingMinor: Money,
  products: z.array(z.string()),
});

const sumOf = (lines: Array<{ kind: string; amountMinor: number }>, kind: string) =>
  lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.amountMinor, 0);

export function createBillingCollectionsManagementActivities(
  ports: Pick<Ports, 'billing' | 'usage' | 'slaCredits' | 'notifications' | 'clock'>,
) {
  const { billing } = ports;
  const mustBill = async (billId: string) =>
    (await billing.bill(billId)) ?? reject(BusinessErrorType.NotFound, `bill ${billId} does not exist`);

  return {
    manageCustomerBillingAccount: defineProcess(
      { etomId: '1.B.1.8.4', input: AccountInput, output: AccountOutput },
      async (input, call) => {
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
        if (input.action === 'update') {
          await billing.updateAccount(call.idempotencyKey, input.billingAccountId, input);
          return {
            billRunId: null,
            periodStart: null,
            periodEnd: null,
            accounts: await view([input.billingAccountId]),
          };
        }
        if (input.action === 'closeCycle') {
          const run = await billing.closeBillRun(call.idempotencyKey, input.billRunId);
          return { billRunId: run.billRunId, periodStart: run.periodStart, periodEnd: run.periodEnd, accounts: [] };
        }
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
    ),

    applyPricingDiscountingAndRebates: defineProcess(
      { etomId: '1.B.1.8.2', input: PricingInput, output: PricingOutput },
      async (input, call) => {
        const account =
          (await billing.account(input.billingAccountId)) ??
          reject(BusinessErrorType.NotFound, `billing account ${input.billingAccountId} does not exist`);
        // The credits assurance recorded for missed SLAs are rebates on this bill, applied once.
        const credits = await ports.slaCredits.pending(account.customerId);
        const bill = await billing.draftBill(`${call.idempotencyKey}/draft`, { ...input, credits });
        const creditIds = bill.lines.filter((l) => l.kind === 'slaCredit').map((l) => l.reference!);
        const stillPending = (await ports.slaCredits.pending(account.customerId)).filter((c) =>
          creditIds.includes(c.id),
        );
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
      },
    ),

    createAndDeliverBill: defineProcess(
      { etomId: '1.B.1.8.3', input: DeliverInput, output: DeliverOutput },
      async (input, call) => {
        const draft = await mustBill(input.billId);
        const dueAt = draft.dueAt ?? new Date(ports.clock().getTime() + input.paymentTermMs).toISOString();
        const bill =
          draft.state === 'draft'
            ? await billing.issueBill(`${call.idempotencyKey}/issue`, {
                billId: input.billId,
                invoiceDir: input.invoiceDir,
                dueAt,
              })
            : draft;
        const account = (await billing.account(bill.billingAccountId))!;
        const note = await ports.notifications.send(`${call.idempotencyKey}/deliver`, {
          recipient: bill.customerId,
          channel:
            account.deliveryChannel === 'post' ? 'email' : account.deliveryChannel === 'portal' ? 'portal' : 'email',
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
      },
    ),

    manageCustomerBillingInquiries: defineProcess(
      { etomId: '1.B.1.8.1', input: InquiryInput, output: InquiryOutput },
      async (input, call) => {
        const bill = await mustBill(input.billId);
        const record = await ports.usage.record(input.usageRecordId);
        if (!record || record.billId !== bill.id || bill.customerId !== input.customerId)
          reject(
            BusinessErrorType.NotFound,
            `usage record ${input.usageRecordId} is not on ${input.customerId}'s bill ${input.billId}`,
          );
        const r = record!;
        // The rated record answers: is it a second charge for one event, and does today's tariff give the same charge?
        const twins = (await ports.usage.records({ customerId: input.customerId, state: 'billed' })).filter(
          (o) => o.correlationId === r.correlationId && o.id < r.id,
        );
        const tariff =
          r.productOfferingId && r.usageType
            ? await ports.usage.tariffFor(r.productOfferingId, r.usageType)
            : undefined;
        let finding: string;
        let adjustmentMinor = 0;
        if (twins.length) {
          adjustmentMinor = -(r.chargeMinor ?? 0);
          finding = `record ${r.id} repeats ${r.correlationId}, already billed as record ${twins[0]!.id}: charge refunded`;
        } else if (!tariff || !r.parts) {
          finding = `record ${r.id} has no tariff to check against`;
        } else {
          const peak = isPeak(tariff, Date.parse(r.startedAt!));
          const units = unitsOf(r.quantity!, tariff.unitSize);
          const expected = r.parts.reduce((s, p) => {
            const t = tariff.tiers[p.tier - 1] ?? tariff.tiers[tariff.tiers.length - 1]!;
            return s + p.units * (peak || t.offPeakPriceMinor === null ? t.priceMinor : t.offPeakPriceMinor);
          }, 0);
          const detail = `${r.usageType} ${r.correlationId} at ${r.startedAt}: ${r.quantity} ${r.usageType === 'voice' ? 's' : 'MB'} = ${units} ${tariff.unitLabel}, ${r.allowanceUnits} included, ${peak ? 'peak' : 'off-peak'}`;
          if (units === r.units && expected === r.chargeMinor)
            finding = `charge confirmed: ${detail}, ${r.chargeMinor} minor units`;
          else {
            adjustmentMinor = expected - (r.chargeMinor ?? 0);
            finding = `charge corrected: ${detail}; billed ${r.chargeMinor}, tariff ${tariff.id} gives ${expected}`;
          }
        }
        const inquiry = await billing.recordInquiry(call.idempotencyKey, {
          customerId: input.customerId,
          billId: bill.id,
          usageRecordId: r.id,
          claim: input.claim,
          state: adjustmentMinor < 0 ? 'upheld' : 'notUpheld',
          finding,
          adjustmentMinor: Math.min(0, adjustmentMinor),
        });
        await ports.notifications.send(`${call.idempotencyKey}/answer`, {
          recipient: input.customerId,
          channel: 'email',
          subject: `Your question about bill ${bill.id}`,
          body: inquiry.finding,
          reference: inquiry.inquiryId,
        });
        return {
          inquiryId: inquiry.inquiryId,
          state: inquiry.state,
          finding: inquiry.finding,
          adjustmentMinor: inquiry.adjustmentMinor,
        };
      },
    ),

    manageCollection: defineProcess(
      { etomId: '1.B.1.8.5', input: CollectionInput, output: CollectionOutput },
      async (input, call) => {
        let products: string[] = [];
        switch (input.action) {
          case 'payment':
            await billing.recordPayment(call.idempotencyKey, input);
            break;
          case 'dunning': {
            const { outstandingMinor } = await billing.dunningStep(call.idempotencyKey, {
              billId: input.billId,
              step: input.step,
              action: input.stepAction,
            });
            const bill = await mustBill(input.billId);
            await ports.notifications.send(`${call.idempotencyKey}/notice`, {
              recipient: bill.customerId,
              channel: 'email',
              subject:
                input.stepAction === 'finalNotice'
                  ? `Final notice: bill ${bill.id}`
                  : `Reminder: bill ${bill.id} is due`,
              body: `${outstandingMinor} minor units ${bill.currency} remain unpaid on bill ${bill.id} (due ${bill.dueAt}).`,
              reference: bill.id,
            });
            break;
          }
          case 'suspend':
            await billing.dunningStep(`${call.idempotencyKey}/step`, {
              billId: input.billId,
              step: input.step,
              action: 'suspension',
            });
            products = await billing.suspendForNonPayment(`${call.idempotencyKey}/suspend`, input.billId);
            break;
          case 'restore':
            products = await billing.restoreAfterPayment(`${call.idempotencyKey}/restore`, input.billId);
            await billing.dunningStep(`${call.idempotencyKey}/step`, {
              billId: input.billId,
              step: input.step,
              action: 'restoration',
            });
            break;
        }
        const bill = await mustBill(input.billId);
        return { billId: bill.id, billState: bill.state, outstandingMinor: bill.totalMinor - bill.paidMinor, products };
      },
    ),
  };
}
