import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import type { Ports } from '../../src/ports';

/**
 * S/P Settlements & Billing Management (1.B.4.5): keep our own record of what each supplier
 * provides us, assess its invoice against that record, dispute the difference and approve
 * what is owed, then pay and send the settlement notice — with the revenue share the
 * contract gives a partner.
 */

const Id = z.string().min(1);
const Money = z.number().int();

export const AccountInput = z.object({ period: Id });
export const AccountOutput = z.object({
  period: z.string(),
  suppliers: z.array(
    z.object({
      supplierId: z.string(),
      resources: z.array(z.string()),
      expectedMinor: Money,
      revenueSharePct: z.number(),
    }),
  ),
});
export const AssessInput = z.object({ supplierId: Id, period: Id });
export const AssessOutput = z.object({
  invoiceId: z.string(),
  supplierReference: z.string(),
  totalMinor: Money,
  expectedMinor: Money,
  differenceMinor: Money,
  unmatchedLines: z.number().int(),
});
export const ApproveInput = z.object({ invoiceId: Id });
export const ApproveOutput = z.object({
  invoiceId: z.string(),
  disputeId: z.string().nullable(),
  disputeState: z.enum(['open', 'accepted', 'refused']).nullable(),
  disputedMinor: Money,
  approvedMinor: Money,
});
export const SettleInput = z.object({ supplierId: Id, period: Id });
export const SettleOutput = z.object({
  settlementId: z.string(),
  paidMinor: Money,
  revenueShareMinor: Money,
  notice: z.string(),
  notificationId: z.string(),
});

export function createSpSettlementsBillingManagementActivities(ports: Pick<Ports, 'settlements' | 'notifications'>) {
  const { settlements } = ports;
  return {
    manageSPAccount: defineProcess(
      { etomId: '1.B.4.5.1', input: AccountInput, output: AccountOutput },
      async (input, call) => {
        const usage = await settlements.recordSupplierUsage(call.idempotencyKey, input.period);
        const bySupplier = new Map<string, z.infer<typeof AccountOutput>['suppliers'][number]>();
        for (const u of usage) {
          const s = bySupplier.get(u.supplierId) ?? {
            supplierId: u.supplierId,
            resources: [],
            expectedMinor: 0,
            revenueSharePct: u.revenueSharePct,
          };
          s.resources.push(u.resourceId);
          s.expectedMinor += u.expectedMinor;
          bySupplier.set(u.supplierId, s);
        }
        return { period: input.period, suppliers: [...bySupplier.values()] };
      },
    ),
    receiveAndAssessSPInvoice: defineProcess(
      { etomId: '1.B.4.5.2', input: AssessInput, output: AssessOutput },
      async (input, call) => {
        const inv = await settlements.receiveInvoice(call.idempotencyKey, input.supplierId, input.period);
        const expectedMinor = inv.expectedMinor ?? 0;
        return {
          invoiceId: inv.id,
          supplierReference: inv.supplierReference,
          totalMinor: inv.totalMinor,
          expectedMinor,
          differenceMinor: inv.totalMinor - expectedMinor,
          unmatchedLines: inv.lines.filter((l) => l.expectedMinor === null).length,
        };
      },
    ),
    negotiateAndApproveSPInvoice: defineProcess(
      { etomId: '1.B.4.5.3', input: ApproveInput, output: ApproveOutput },
      async (input, call) => {
        const dispute = await settlements.dispute(`${call.idempotencyKey}/dispute`, input.invoiceId);
        const approved = await settlements.approve(`${call.idempotencyKey}/approve`, input.invoiceId);
        return {
          invoiceId: approved.id,
          disputeId: dispute?.disputeId ?? null,
          disputeState: dispute?.state ?? null,
          disputedMinor: dispute?.amountMinor ?? 0,
          approvedMinor: approved.approvedMinor ?? 0,
        };
      },
    ),
    issueSPSettlementNoticeAndPayment: defineProcess(
      { etomId: '1.B.4.5.4', input: SettleInput, output: SettleOutput },
      async (input, call) => {
        const s = await settlements.settle(`${call.idempotencyKey}/settle`, input.supplierId, input.period);
        const note = await ports.notifications.send(`${call.idempotencyKey}/notice`, {
          recipient: input.supplierId,
          channel: 'email',
          subject: `Settlement notice ${s.settlementId}`,
          body: s.notice,
          reference: s.settlementId,
        });
        return {
          settlementId: s.settlementId,
          paidMinor: s.paidMinor,
          revenueShareMinor: s.revenueShareMinor,
          notice: s.notice,
          notificationId: note.id,
        };
      },
    ),
  };
}
