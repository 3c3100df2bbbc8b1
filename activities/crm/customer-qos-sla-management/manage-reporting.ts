import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import type { SlaAssessment } from '../../../src/ports/customer-sla';
import { CustomerPeriod, recipientOf } from './customer-period';
import { money, pct } from './wording';

const Id = z.string().min(1);
export const ReportInput = CustomerPeriod;
export const ReportOutput = z.object({
  reportId: Id,
  notificationId: Id,
  services: z.number().int().nonnegative(),
  violations: z.number().int().nonnegative(),
  totalCreditMinor: z.number().int().nonnegative(),
});

/**
 * 1.A.1.7.3 — the customer's QoS report for the period: every service against its SLA and
 * the credits owed; stored, and sent to the customer.
 */
export function createManageCustomerQoSReporting(
  ports: Pick<Ports, 'customerSla' | 'notifications' | 'customerManagement'>,
) {
  const { customerSla, notifications, customerManagement: customers } = ports;
  return defineProcess(
    { etomId: '1.A.1.7.3', input: ReportInput, output: ReportOutput },
    async ({ customerId, periodStart, periodEnd }, call) => {
      const recipient = await recipientOf(customers, customerId);
      const assessments = await customerSla.assessments(customerId, periodStart, periodEnd);
      const violations = await customerSla.violations(customerId, periodStart, periodEnd);
      const creditOf = (a: SlaAssessment) => violations.find((v) => v.assessmentId === a.id)?.amountMinor ?? 0;
      const currency = violations[0]?.currency ?? 'EUR';
      const totalCreditMinor = violations.reduce((t, v) => t + v.amountMinor, 0);
      const lines = assessments.map((a) => ({
        serviceId: a.serviceId,
        availabilityBp: a.availabilityBp,
        objectiveBp: a.objectiveBp,
        outageMinutes: a.outageMinutes,
        incidents: a.incidents,
        mttrMinutes: a.mttrMinutes,
        verdict: a.verdict,
        creditMinor: creditOf(a),
      }));
      const report = await customerSla.recordReport(`${call.idempotencyKey}/report`, {
        customerId,
        periodStart,
        periodEnd,
        body: { services: lines, totalCreditMinor, currency },
      });
      const notice = await notifications.send(`${call.idempotencyKey}/send`, {
        recipient,
        channel: 'email',
        subject: `Your quality of service report ${periodStart.slice(0, 10)} – ${periodEnd.slice(0, 10)}`,
        body: [
          ...lines.map(
            (l) =>
              `${l.serviceId}: availability ${pct(l.availabilityBp)} (objective ${pct(l.objectiveBp)}), ` +
              `${l.incidents} incident(s), ${l.outageMinutes} min — ${l.verdict}` +
              (l.creditMinor ? `, credit ${money(l.creditMinor, currency)}` : ''),
          ),
          violations.length === 0 ? 'Every commitment was met.' : `Total credit: ${money(totalCreditMinor, currency)}`,
        ].join('\n'),
        reference: report.id,
      });
      const sent = await customerSla.reportSent(`${call.idempotencyKey}/sent`, report.id, notice.id);
      return {
        reportId: sent.id,
        notificationId: sent.notificationId ?? notice.id,
        services: lines.length,
        violations: violations.length,
        totalCreditMinor,
      };
    },
  );
}
