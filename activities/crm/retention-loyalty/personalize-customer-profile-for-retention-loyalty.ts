import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { CustomerId } from '../../../src/domain/customer';
import { RISK_THRESHOLD, RetentionOffer } from '../../../src/domain/lifecycle/relationship';
import type { Ports } from '../../../src/ports';
import { mustCustomer } from './customer';

export const PersonalizeInput = z.object({ customerId: CustomerId, riskAssessmentId: z.string().min(1) });
export const PersonalizeOutput = z.object({ offer: RetentionOffer.nullable(), reason: z.string() });
export type PersonalizeOutput = z.infer<typeof PersonalizeOutput>;

/** Retention offers, by segment: the loyalty discount and how long it lasts. */
const LOYALTY_DISCOUNT = { residential: 10, business: 15, wholesale: 15 } as const;

/**
 * 1.FAB.1.9.4 — to a customer at risk, an offer that answers what puts them at risk: a
 * payment plan for debt, priority care for troubles and SLA breaches, a loyalty discount for
 * dissatisfaction or disengagement. A customer below the threshold gets nothing; fraud is
 * managed, not retained.
 */
export function createPersonalizeCustomerProfileForRetentionAndLoyalty(
  ports: Pick<Ports, 'customerRelationships' | 'customerManagement' | 'notifications' | 'clock'>,
) {
  const { customerRelationships: crm, customerManagement: customers, notifications, clock } = ports;
  const now = () => clock().toISOString();
  return defineProcess(
    { etomId: '1.FAB.1.9.4', input: PersonalizeInput, output: PersonalizeOutput },
    async ({ customerId, riskAssessmentId }, call) => {
      const customer = await mustCustomer(customers, customerId);
      const risk = await crm.latestRisk(customerId);
      if (!risk || risk.id !== riskAssessmentId) {
        return reject(
          BusinessErrorType.ConflictingRequest,
          `${riskAssessmentId} is not ${customerId}'s latest risk assessment`,
        );
      }
      if (risk.fraud) return { offer: null, reason: 'fraud flag: handled by fraud management, no retention offer' };
      if (!risk.atRisk) return { offer: null, reason: `risk ${risk.score} below ${RISK_THRESHOLD}` };
      const existing = (await crm.offersOf(customerId)).find((o) => o.riskAssessmentId === risk.id);
      if (existing) return { offer: existing, reason: 'already offered on this assessment' };

      const insight = (await crm.latestInsight(customerId))!;
      let kind: RetentionOffer['kind'];
      let detail: RetentionOffer['detail'];
      if (risk.mainFactor === 'payment' || risk.mainFactor === 'debt') {
        kind = 'paymentPlan';
        const owed = Math.max(insight.payment.outstandingMinor, insight.billing.overdueMinor);
        detail = { installments: 6, installmentMinor: Math.ceil(owed / 6) };
      } else if (risk.mainFactor === 'troubles' || risk.mainFactor === 'slaBreaches') {
        kind = 'priorityCare';
        detail = { months: 3, supportLine: 'priority' };
      } else {
        kind = 'loyaltyDiscount';
        const pct = LOYALTY_DISCOUNT[customer.segment];
        detail = { discountPct: pct, months: 6, monthlyCreditMinor: Math.round((insight.recurringMinor * pct) / 100) };
      }
      const sent = await notifications.send(`${call.idempotencyKey}/notify`, {
        recipient: customer.email,
        channel: 'email',
        subject: 'An offer for you',
        body: `${kind}: ${Object.entries(detail)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
        reference: customer.id,
      });
      const offer = await crm.recordOffer(
        `${call.idempotencyKey}/offer`,
        { customerId, riskAssessmentId: risk.id, kind, detail, notificationId: sent.id },
        now(),
      );
      return { offer, reason: `risk ${risk.score} (${risk.mainFactor ?? 'fraud'})` };
    },
  );
}
