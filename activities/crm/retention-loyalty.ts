import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { CustomerId } from '../../src/domain/customer';
import {
  CustomerInsight,
  DISSATISFIED_AT_OR_BELOW,
  RISK_THRESHOLD,
  RISK_WEIGHTS,
  Relationship,
  RetentionOffer,
  RiskAssessment,
  type RiskFactor,
  Survey,
  SurveyTrigger,
  riskFactors,
  riskScore,
} from '../../src/domain/lifecycle/relationship';
import type { Ports } from '../../src/ports';

/**
 * Retention & Loyalty (1.FAB.1.9): one verified identity per customer and a relationship that
 * begins with the first delivered order and ends with the last product; what the enterprise
 * knows of the customer, one risk methodology for everyone, retention offers to the customers
 * at risk, and the customer's own word on what was delivered or repaired.
 */

export const RelationshipInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('establish'), customerId: CustomerId }),
  z.object({ action: z.literal('terminate'), customerId: CustomerId, reason: z.string().min(1) }),
]);
export type RelationshipInput = z.input<typeof RelationshipInput>;
export const RelationshipOutput = z.object({
  relationship: Relationship.nullable(),
  changed: z.boolean(),
  detail: z.string(),
});
export type RelationshipOutput = z.infer<typeof RelationshipOutput>;

export const InsightInput = z.object({ customerId: CustomerId });
export const RiskInput = z.object({ customerId: CustomerId });
export const PersonalizeInput = z.object({ customerId: CustomerId, riskAssessmentId: z.string().min(1) });
export const PersonalizeOutput = z.object({ offer: RetentionOffer.nullable(), reason: z.string() });
export type PersonalizeOutput = z.infer<typeof PersonalizeOutput>;

export const SatisfactionInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('send'), customerId: CustomerId, trigger: SurveyTrigger, reference: z.string().min(1) }),
  z.object({
    action: z.literal('record'),
    surveyId: z.string().min(1),
    score: z.number().int().min(1).max(5),
    comment: z.string().nullable().default(null),
  }),
  z.object({ action: z.literal('expire'), surveyId: z.string().min(1) }),
]);
export type SatisfactionInput = z.input<typeof SatisfactionInput>;
export const SatisfactionOutput = z.object({ survey: Survey, dissatisfied: z.boolean() });
export type SatisfactionOutput = z.infer<typeof SatisfactionOutput>;

/** How far back troubles count in the customer's profile. */
const TROUBLE_LOOKBACK_DAYS = 180;
/** Retention offers, by segment: the loyalty discount and how long it lasts. */
const LOYALTY_DISCOUNT = { residential: 10, business: 15, wholesale: 15 } as const;

export const identityKeyOf = (email: string) => email.trim().toLowerCase();

export function createRetentionLoyaltyActivities(
  ports: Pick<
    Ports,
    'customerRelationships' | 'customerManagement' | 'productOrders' | 'troubleTickets' | 'notifications' | 'clock'
  >,
) {
  const {
    customerRelationships: crm,
    customerManagement: customers,
    productOrders,
    troubleTickets,
    notifications,
    clock,
  } = ports;
  const now = () => clock().toISOString();
  const mustCustomer = async (id: string) =>
    (await customers.getCustomer(id)) ?? reject(BusinessErrorType.NotFound, `no customer ${id}`);
  const liveProducts = async (customerId: string) =>
    (await productOrders.productsOf(customerId)).filter((p) => p.status !== 'terminated');

  /**
   * 1.FAB.1.9.1 — establish the relationship once the customer holds a delivered product, under
   * one verified identity (no other customer may hold it); end it only when no product is
   * left, archiving the profile and telling the customer.
   */
  const establishAndTerminateCustomerRelationship = defineProcess(
    { etomId: '1.FAB.1.9.1', input: RelationshipInput, output: RelationshipOutput },
    async (input, call) => {
      const customer = await mustCustomer(input.customerId);
      const current = await crm.getRelationship(customer.id);
      const live = await liveProducts(customer.id);
      if (input.action === 'establish') {
        if (current?.state === 'established')
          return { relationship: current, changed: false, detail: 'already established' };
        if (customer.status !== 'active') {
          return reject(BusinessErrorType.InvalidStateTransition, `customer ${customer.id} is ${customer.status}`);
        }
        if (live.length === 0)
          return { relationship: current ?? null, changed: false, detail: 'no delivered product yet' };
        const identityKey = identityKeyOf(customer.email);
        const others = (await crm.customersWithIdentity(identityKey)).filter((id) => id !== customer.id);
        for (const other of others) {
          if ((await crm.getRelationship(other))?.state === 'established') {
            return reject(BusinessErrorType.ConflictingRequest, `identity ${identityKey} already belongs to ${other}`, {
              existingCustomerId: other,
            });
          }
        }
        const relationship = await crm.establish(call.idempotencyKey, customer.id, identityKey, now());
        return { relationship, changed: true, detail: `established on ${live.length} product(s)` };
      }
      if (!current || current.state === 'terminated') {
        return { relationship: current ?? null, changed: false, detail: 'no relationship to end' };
      }
      if (live.length > 0) {
        return { relationship: current, changed: false, detail: `${live.length} product(s) still held` };
      }
      const archive = {
        insight: (await crm.latestInsight(customer.id)) ?? null,
        offers: await crm.offersOf(customer.id),
      };
      const relationship = await crm.terminate(`${call.idempotencyKey}/end`, customer.id, input.reason, archive, now());
      await notifications.send(`${call.idempotencyKey}/tell`, {
        recipient: customer.email,
        channel: 'email',
        subject: 'Our relationship has ended',
        body: `Your last product has ended (${input.reason}). We keep your profile, with your consent, should you come back.`,
        reference: customer.id,
      });
      return { relationship, changed: true, detail: 'terminated: no product left' };
    },
  );

  /** 1.FAB.1.9.2 — gather into the customer's profile what every process recorded about them. */
  const buildCustomerInsight = defineProcess(
    { etomId: '1.FAB.1.9.2', input: InsightInput, output: CustomerInsight },
    async ({ customerId }, call) => {
      const customer = await mustCustomer(customerId);
      const at = clock();
      const since = new Date(at.getTime() - TROUBLE_LOOKBACK_DAYS * 86_400_000).toISOString();
      const f = await crm.facts(customerId, since);
      const live = f.products.filter((p) => p.status === 'active');
      return crm.recordInsight(call.idempotencyKey, {
        customerId,
        segment: customer.segment,
        region: customer.region,
        activeProducts: live.length,
        ceasedProducts: f.products.filter((p) => p.status === 'terminated').length,
        recurringMinor: live.reduce((s, p) => s + p.recurringMinor, 0),
        orders: {
          completed: f.orders.filter((o) => o.state === 'completed').length,
          failed: f.orders.filter((o) => ['failed', 'rejected', 'cancelled'].includes(o.state)).length,
          open: f.orders.filter((o) => !['completed', 'failed', 'rejected', 'cancelled', 'partial'].includes(o.state))
            .length,
        },
        contacts: f.contacts,
        troubleTickets: f.troubleTickets,
        slaBreaches: f.slaBreaches,
        payment: f.payment ?? { outstandingMinor: 0, creditLimitMinor: 0, daysPastDue: 0, fraudFlag: false },
        billing: { overdueBills: f.overdueBills, overdueMinor: f.overdueMinor },
        usageRecords: f.usageRecords,
        lastSatisfactionScore: f.lastSatisfactionScore,
        builtAt: at.toISOString(),
      });
    },
  );

  /**
   * 1.FAB.1.9.3 — the one risk assessment of the enterprise (RISK_WEIGHTS in
   * src/domain/lifecycle/relationship.ts), computed from the latest insight and kept with its factors.
   */
  const analyzeAndManageCustomerRisk = defineProcess(
    { etomId: '1.FAB.1.9.3', input: RiskInput, output: RiskAssessment },
    async ({ customerId }, call) => {
      await mustCustomer(customerId);
      const insight = await crm.latestInsight(customerId);
      if (!insight)
        return reject(BusinessErrorType.NotFound, `no insight on ${customerId}: build it first (1.FAB.1.9.2)`);
      const factors = riskFactors(insight);
      const score = riskScore(factors);
      const weighted = (Object.keys(RISK_WEIGHTS) as RiskFactor[])
        .map((f) => [f, RISK_WEIGHTS[f] * factors[f]] as const)
        .filter(([, w]) => w > 0)
        .sort((a, b) => b[1] - a[1]);
      const fraud = insight.payment.fraudFlag;
      return crm.recordRisk(call.idempotencyKey, {
        customerId,
        insightId: insight.id,
        score,
        factors,
        mainFactor: weighted[0]?.[0] ?? null,
        fraud,
        atRisk: fraud || score >= RISK_THRESHOLD,
        assessedAt: now(),
      });
    },
  );

  /**
   * 1.FAB.1.9.4 — to a customer at risk, an offer that answers what puts them at risk: a
   * payment plan for debt, priority care for troubles and SLA breaches, a loyalty discount for
   * dissatisfaction or disengagement. A customer below the threshold gets nothing; fraud is
   * managed, not retained.
   */
  const personalizeCustomerProfileForRetentionAndLoyalty = defineProcess(
    { etomId: '1.FAB.1.9.4', input: PersonalizeInput, output: PersonalizeOutput },
    async ({ customerId, riskAssessmentId }, call) => {
      const customer = await mustCustomer(customerId);
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

  /**
   * 1.FAB.1.9.5 — once an order is delivered or a problem closed, check the solution is in the
   * customer's hands (products active and billed, ticket closed), ask the customer, and record
   * the answer: a score of 2 or less is dissatisfaction.
   */
  const validateCustomerSatisfaction = defineProcess(
    { etomId: '1.FAB.1.9.5', input: SatisfactionInput, output: SatisfactionOutput },
    async (input, call) => {
      if (input.action !== 'send') {
        const survey = await crm.closeSurvey(
          call.idempotencyKey,
          input.surveyId,
          input.action === 'record'
            ? { state: 'answered', score: input.score, comment: input.comment }
            : { state: 'expired' },
          now(),
        );
        return { survey, dissatisfied: survey.score !== null && survey.score <= DISSATISFIED_AT_OR_BELOW };
      }
      const customer = await mustCustomer(input.customerId);
      let delivered: boolean;
      if (input.trigger === 'fulfilment') {
        const order = await productOrders.get(input.reference);
        if (!order || order.customerId !== customer.id) {
          return reject(BusinessErrorType.NotFound, `no order ${input.reference} of ${customer.id}`);
        }
        const products = (await productOrders.productsOf(customer.id)).filter((p) => p.orderId === order.id);
        delivered =
          order.state === 'completed' &&
          order.billingAccountId !== null &&
          products.every((p) => p.status === 'active');
      } else {
        const ticket = await troubleTickets.get(input.reference);
        if (!ticket || ticket.customerId !== customer.id) {
          return reject(BusinessErrorType.NotFound, `no trouble ticket ${input.reference} of ${customer.id}`);
        }
        delivered = ticket.state === 'closed' || ticket.state === 'resolved';
      }
      await notifications.send(`${call.idempotencyKey}/ask`, {
        recipient: customer.email,
        channel: 'email',
        subject: input.trigger === 'fulfilment' ? 'How was your installation?' : 'Is your problem solved?',
        body: `From 1 (not at all) to 5 (fully): does what we delivered (${input.reference}) meet what we agreed?`,
        reference: input.reference,
      });
      const survey = await crm.sendSurvey(`${call.idempotencyKey}/survey`, {
        customerId: customer.id,
        trigger: input.trigger,
        reference: input.reference,
        delivered,
        sentAt: now(),
      });
      return { survey, dissatisfied: false };
    },
  );

  return {
    establishAndTerminateCustomerRelationship,
    buildCustomerInsight,
    analyzeAndManageCustomerRisk,
    personalizeCustomerProfileForRetentionAndLoyalty,
    validateCustomerSatisfaction,
  };
}
