import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import type { SlaBreach } from '../../../src/ports/customer-sla';
import { PlannedMaintenance, QosDegradation } from '../../../src/domain/assurance/messages';
import { CustomerPeriod, recipientOf } from './customer-period';
import { DegradationOutput, handleDegradation } from './qos-degradation';
import { announceMaintenance, MaintenanceNoticeOutput } from './maintenance-notice';
import { CREDIT_POLICY, creditPct, periodCharge } from './sla-credit-policy';
import { money, pct } from './wording';

const Id = z.string().min(1);
/**
 * With `degradation`: one impact reported as it happens, in the period in progress (qos-degradation.ts);
 * with `maintenance`: one RM&O plans, announced beforehand (maintenance-notice.ts).
 */
export const ViolationInput = CustomerPeriod.extend({
  degradation: QosDegradation.optional(),
  maintenance: PlannedMaintenance.optional(),
});
export const ViolationOutput = z.object({
  /** Only for a degradation handled within the period. */
  degradation: DegradationOutput.optional(),
  /** Only for a planned maintenance announced. */
  maintenance: MaintenanceNoticeOutput.optional(),
  violations: z
    .array(
      z.object({
        violationId: Id,
        serviceId: Id,
        creditId: Id.nullable(),
        amountMinor: z.number().int().nonnegative(),
        currency: z.string().length(3),
        notificationId: Id.nullable(),
      }),
    )
    .max(500),
});
const describe = (b: SlaBreach) =>
  b.kind === 'availability'
    ? `availability ${pct(b.achieved)} against ${pct(b.objective)} promised`
    : `mean restoration ${b.achieved} min against ${b.objective} min promised`;

/**
 * 1.A.1.7.2 — each violation of the period earns the credit the policy gives (recorded for
 * billing, pending until a bill applies it) and the customer is told what happened and what
 * they are owed. One credit per service and period, however often this runs. A degradation
 * SM&O reports before the period ends is held against the soft threshold (qos-degradation.ts).
 */
export function createManageQoSSLAViolation(
  ports: Pick<Ports, 'customerSla' | 'slaCredits' | 'notifications' | 'customerManagement'>,
) {
  const { customerSla, slaCredits, notifications, customerManagement: customers } = ports;
  return defineProcess(
    { etomId: '1.A.1.7.2', input: ViolationInput, output: ViolationOutput },
    async ({ customerId, periodStart, periodEnd, degradation, maintenance }, call) => {
      if (maintenance)
        return { violations: [], maintenance: await announceMaintenance(ports, { customerId, maintenance }) };
      if (degradation) {
        const handled = await handleDegradation(ports, { customerId, periodStart, periodEnd, degradation }, call);
        return { violations: [], degradation: handled };
      }
      const violated = (await customerSla.assessments(customerId, periodStart, periodEnd)).filter(
        (a) => a.verdict === 'violated',
      );
      if (violated.length === 0) return { violations: [] };
      const recipient = await recipientOf(customers, customerId);
      // The cap is per product and period: what earlier services of the product took, the next cannot.
      const usedPct = new Map<string, number>();
      const violations = [];
      for (const a of violated) {
        const c = await customerSla.commitment(a.serviceId);
        const product = a.productId ?? `service:${a.serviceId}`;
        const share = Math.min(creditPct(a.breaches), CREDIT_POLICY.capPct - (usedPct.get(product) ?? 0));
        usedPct.set(product, (usedPct.get(product) ?? 0) + share);
        const currency = c?.currency ?? 'EUR';
        const amountMinor = Math.round((periodCharge(c?.recurringMinor ?? 0, periodStart, periodEnd) * share) / 100);
        const reason = a.breaches.map(describe).join('; ');
        const credit =
          amountMinor > 0
            ? await slaCredits.record(`sla-credit/${a.serviceId}/${periodStart}/${periodEnd}`, {
                customerId,
                productId: a.productId,
                serviceId: a.serviceId,
                slaId: a.id,
                periodStart,
                periodEnd,
                amountMinor,
                currency,
                reason: `${share} % of the period's charge: ${reason}`,
              })
            : null;
        const notice = await notifications.send(`${call.idempotencyKey}/notify/${a.id}`, {
          recipient,
          channel: 'email',
          subject: `Service ${a.serviceId}: we missed our commitment`,
          body:
            `Between ${periodStart} and ${periodEnd}, ${reason}. ` +
            (credit
              ? `A credit of ${money(credit.amountMinor, credit.currency)} will be applied to your next bill.`
              : 'We are working to prevent it happening again.'),
          reference: a.id,
        });
        const v = await customerSla.recordViolation(`${call.idempotencyKey}/violation/${a.id}`, {
          assessmentId: a.id,
          customerId,
          serviceId: a.serviceId,
          creditId: credit?.id ?? null,
          amountMinor: credit?.amountMinor ?? 0,
          currency,
          notificationId: notice.id,
        });
        violations.push({
          violationId: v.id,
          serviceId: v.serviceId,
          creditId: v.creditId,
          amountMinor: v.amountMinor,
          currency: v.currency,
          notificationId: v.notificationId,
        });
      }
      return { violations };
    },
  );
}
