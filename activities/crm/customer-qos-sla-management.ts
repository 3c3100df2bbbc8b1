import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { CustomerSlaRequest } from '../../src/domain/assurance/messages';
import type { Ports } from '../../src/ports';
import type { SlaAssessment, SlaBreach } from '../../src/ports/customer-sla';

/**
 * Customer QoS/SLA Management (1.A.1.7): each customer's quality for a period, as SM&O measured
 * it, held against what the customer was promised; a violation earns a credit billing applies
 * to the next bill, and the customer gets their report.
 */

const Id = z.string().min(1);
const Instant = z.iso.datetime();
const CustomerPeriod = z.object({ customerId: Id, periodStart: Instant, periodEnd: Instant });

const Breach = z.object({ kind: z.enum(['availability', 'restoreTime']), objective: z.number(), achieved: z.number() });
export const AssessOutput = z.object({
  assessments: z
    .array(
      z.object({ assessmentId: Id, serviceId: Id, verdict: z.enum(['met', 'violated']), breaches: z.array(Breach) }),
    )
    .max(500),
  violated: z.number().int().nonnegative(),
  /** Services reported on that carry no SLA: nothing to hold them to. */
  unassessed: z.array(Id).max(500),
});
export const ViolationOutput = z.object({
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
export const ReportOutput = z.object({
  reportId: Id,
  notificationId: Id,
  services: z.number().int().nonnegative(),
  violations: z.number().int().nonnegative(),
  totalCreditMinor: z.number().int().nonnegative(),
});

/**
 * The credit policy: a credit is a share of the product's recurring charge for the period
 * assessed (the monthly charge prorated over a 30-day month), 5 % of it per started 0.1 point
 * of availability below the objective, 10 % when restoration took longer on average than
 * promised; all the credits of one product for one period together never exceed 50 %.
 */
export const CREDIT_POLICY = {
  monthMinutes: 30 * 24 * 60,
  availabilityStepBp: 10,
  pctPerAvailabilityStep: 5,
  restoreTimePct: 10,
  capPct: 50,
} as const;

/** The share (in %) of the period's charge a service's breaches earn, before the product's cap. */
export function creditPct(breaches: readonly SlaBreach[]): number {
  let pct = 0;
  for (const b of breaches) {
    if (b.kind === 'availability') {
      pct +=
        Math.ceil((b.objective - b.achieved) / CREDIT_POLICY.availabilityStepBp) * CREDIT_POLICY.pctPerAvailabilityStep;
    } else {
      pct += CREDIT_POLICY.restoreTimePct;
    }
  }
  return Math.min(pct, CREDIT_POLICY.capPct);
}

/** The product's recurring charge for the period, in minor units (not rounded). */
export function periodCharge(recurringMinor: number, periodStart: string, periodEnd: string): number {
  const minutes = (Date.parse(periodEnd) - Date.parse(periodStart)) / 60_000;
  return (recurringMinor * minutes) / CREDIT_POLICY.monthMinutes;
}

const pct = (bp: number) => `${(bp / 100).toFixed(2)} %`;
const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;
const describe = (b: SlaBreach) =>
  b.kind === 'availability'
    ? `availability ${pct(b.achieved)} against ${pct(b.objective)} promised`
    : `mean restoration ${b.achieved} min against ${b.objective} min promised`;

export function createCustomerQosSlaManagementActivities(
  ports: Pick<Ports, 'customerSla' | 'slaCredits' | 'notifications' | 'customerManagement'>,
) {
  const { customerSla, slaCredits, notifications, customerManagement: customers } = ports;

  const recipientOf = async (customerId: string) =>
    (await customers.getCustomer(customerId))?.email ?? reject(BusinessErrorType.NotFound, `no customer ${customerId}`);

  /**
   * 1.A.1.7.1 — hold each service's KQIs against the customer's SLA (availability objective,
   * restoration time); every assessment is kept: the customer's quality record.
   */
  const assessCustomerQoSPerformance = defineProcess(
    { etomId: '1.A.1.7.1', input: CustomerSlaRequest, output: AssessOutput },
    async (input, call) => {
      const { customerId, periodStart, periodEnd } = input;
      await recipientOf(customerId);
      const assessments = [];
      const unassessed = [];
      for (const k of input.kqis) {
        const c = await customerSla.commitment(k.serviceId);
        if (!c) return reject(BusinessErrorType.NotFound, `no service ${k.serviceId}`);
        if (k.customerId !== customerId || c.customerId !== customerId) {
          return reject(BusinessErrorType.ConflictingRequest, `service ${k.serviceId} is not ${customerId}'s`);
        }
        if (c.availabilityPct === null || c.restoreHours === null) {
          unassessed.push(k.serviceId);
          continue;
        }
        const objectiveBp = Math.round(c.availabilityPct * 100);
        const restoreObjectiveMinutes = Math.round(c.restoreHours * 60);
        const breaches: SlaBreach[] = [];
        if (k.availabilityBp < objectiveBp)
          breaches.push({ kind: 'availability', objective: objectiveBp, achieved: k.availabilityBp });
        if (k.mttrMinutes !== null && k.mttrMinutes > restoreObjectiveMinutes)
          breaches.push({ kind: 'restoreTime', objective: restoreObjectiveMinutes, achieved: k.mttrMinutes });
        const a = await customerSla.recordAssessment(`${call.idempotencyKey}/${k.serviceId}`, {
          customerId,
          serviceId: k.serviceId,
          productId: c.productId,
          periodStart,
          periodEnd,
          objectiveBp,
          availabilityBp: k.availabilityBp,
          restoreObjectiveMinutes,
          mttrMinutes: k.mttrMinutes,
          outageMinutes: k.outageMinutes,
          incidents: k.incidents,
          verdict: breaches.length ? 'violated' : 'met',
          breaches,
        });
        assessments.push({ assessmentId: a.id, serviceId: a.serviceId, verdict: a.verdict, breaches: a.breaches });
      }
      return { assessments, violated: assessments.filter((a) => a.verdict === 'violated').length, unassessed };
    },
  );

  /**
   * 1.A.1.7.2 — each violation of the period earns the credit the policy gives (recorded for
   * billing, pending until a bill applies it) and the customer is told what happened and what
   * they are owed. One credit per service and period, however often this runs.
   */
  const manageQoSSLAViolation = defineProcess(
    { etomId: '1.A.1.7.2', input: CustomerPeriod, output: ViolationOutput },
    async ({ customerId, periodStart, periodEnd }, call) => {
      const violated = (await customerSla.assessments(customerId, periodStart, periodEnd)).filter(
        (a) => a.verdict === 'violated',
      );
      if (violated.length === 0) return { violations: [] };
      const recipient = await recipientOf(customerId);
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

  /**
   * 1.A.1.7.3 — the customer's QoS report for the period: every service against its SLA and
   * the credits owed; stored, and sent to the customer.
   */
  const manageCustomerQoSReporting = defineProcess(
    { etomId: '1.A.1.7.3', input: CustomerPeriod, output: ReportOutput },
    async ({ customerId, periodStart, periodEnd }, call) => {
      const recipient = await recipientOf(customerId);
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

  return { assessCustomerQoSPerformance, manageQoSSLAViolation, manageCustomerQoSReporting };
}
