import { z } from 'zod';
import { CustomerId } from '../customer';

/**
 * Retention & Loyalty (1.FAB.1.9): the relationship, what the enterprise knows of the customer,
 * the one risk assessment every process uses, retention offers and satisfaction surveys.
 */

export const Relationship = z.object({
  customerId: CustomerId,
  state: z.enum(['established', 'terminated']),
  /** The one identity of the customer across the enterprise: its e-mail, normalised. */
  identityKey: z.string(),
  establishedAt: z.string(),
  terminatedAt: z.string().nullable(),
  reason: z.string().nullable(),
});
export type Relationship = z.infer<typeof Relationship>;

/** What the enterprise knows of a customer, aggregated from every process's records (1.FAB.1.9.2). */
export const CustomerInsight = z.object({
  id: z.string(),
  customerId: CustomerId,
  segment: z.string(),
  region: z.string(),
  activeProducts: z.number().int(),
  ceasedProducts: z.number().int(),
  recurringMinor: z.number().int(),
  orders: z.object({ completed: z.number().int(), failed: z.number().int(), open: z.number().int() }),
  contacts: z.number().int(),
  /** Trouble tickets raised in the last 180 days (0 when Problem Handling keeps none). */
  troubleTickets: z.number().int(),
  /** SLA breaches: credits owed plus tickets closed outside their SLA. */
  slaBreaches: z.number().int(),
  payment: z.object({
    outstandingMinor: z.number().int(),
    creditLimitMinor: z.number().int(),
    daysPastDue: z.number().int(),
    fraudFlag: z.boolean(),
  }),
  /** Bills overdue and what remains owed on them (Billing & Collections). */
  billing: z.object({ overdueBills: z.number().int(), overdueMinor: z.number().int() }),
  /** Usage records collected over the last 180 days. */
  usageRecords: z.number().int(),
  /** The last answered survey's score (1 to 5), or null. */
  lastSatisfactionScore: z.number().int().nullable(),
  builtAt: z.string(),
});
export type CustomerInsight = z.infer<typeof CustomerInsight>;

/**
 * The enterprise's one risk methodology (1.FAB.1.9.3): each factor is scaled to 0..1 and
 * weighted; the score is the rounded weighted sum, 0 (no risk) to 100.
 *
 *   payment       = min(max(daysPastDue, 30 × overdueBills), 90) / 90   weight 30
 *   debt          = min(outstanding / creditLimit, 1)             weight 10
 *   troubles      = min(troubleTickets, 5) / 5                    weight 20
 *   slaBreaches   = min(slaBreaches, 3) / 3                       weight 15
 *   dissatisfied  = (5 - lastSatisfactionScore) / 4, 0 if none    weight 15
 *   disengaged    = 1 if no active product, else 0                weight 10
 *
 * A customer at or above the threshold is at risk of leaving (or of not paying): 1.FAB.1.9.4
 * makes them a retention offer. A fraud flag puts the customer at risk whatever the score.
 */
export const RISK_WEIGHTS = {
  payment: 30,
  debt: 10,
  troubles: 20,
  slaBreaches: 15,
  dissatisfied: 15,
  disengaged: 10,
} as const;
export type RiskFactor = keyof typeof RISK_WEIGHTS;
export const RISK_THRESHOLD = 40;

export function riskFactors(i: CustomerInsight): Record<RiskFactor, number> {
  return {
    // Each overdue bill counts as a month late, whichever record shows the worse lateness.
    payment: Math.min(Math.max(i.payment.daysPastDue, 30 * i.billing.overdueBills), 90) / 90,
    debt: i.payment.creditLimitMinor > 0 ? Math.min(i.payment.outstandingMinor / i.payment.creditLimitMinor, 1) : 1,
    troubles: Math.min(i.troubleTickets, 5) / 5,
    slaBreaches: Math.min(i.slaBreaches, 3) / 3,
    dissatisfied: i.lastSatisfactionScore === null ? 0 : (5 - i.lastSatisfactionScore) / 4,
    disengaged: i.activeProducts === 0 ? 1 : 0,
  };
}

export function riskScore(factors: Record<RiskFactor, number>): number {
  const sum = (Object.keys(RISK_WEIGHTS) as RiskFactor[]).reduce((s, f) => s + RISK_WEIGHTS[f] * factors[f], 0);
  return Math.round(sum);
}

export const RiskAssessment = z.object({
  id: z.string(),
  customerId: CustomerId,
  insightId: z.string(),
  score: z.number().int().min(0).max(100),
  factors: z.record(z.string(), z.number()),
  /** The factor that weighs most in the score: what a retention offer answers. */
  mainFactor: z.string().nullable(),
  fraud: z.boolean(),
  atRisk: z.boolean(),
  assessedAt: z.string(),
});
export type RiskAssessment = z.infer<typeof RiskAssessment>;

export const RetentionOffer = z.object({
  id: z.string(),
  customerId: CustomerId,
  riskAssessmentId: z.string(),
  kind: z.enum(['paymentPlan', 'priorityCare', 'loyaltyDiscount']),
  detail: z.record(z.string(), z.union([z.string(), z.number()])),
  notificationId: z.string(),
});
export type RetentionOffer = z.infer<typeof RetentionOffer>;

export const SurveyTrigger = z.enum(['fulfilment', 'problemClosure']);
export const Survey = z.object({
  id: z.string(),
  customerId: CustomerId,
  trigger: SurveyTrigger,
  reference: z.string(),
  state: z.enum(['sent', 'answered', 'expired']),
  /** What was checked before asking: the solution is delivered and after-sales processes run. */
  delivered: z.boolean(),
  score: z.number().int().min(1).max(5).nullable(),
  comment: z.string().nullable(),
  sentAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type Survey = z.infer<typeof Survey>;

/** A score of 2 or less is dissatisfaction: it raises the customer's risk (1.FAB.1.9.3). */
export const DISSATISFIED_AT_OR_BELOW = 2;

/** The customer's answer to a survey, by the `satisfactionAnswer` signal of `customerRelationship`. */
export const SatisfactionAnswer = z.object({
  surveyId: z.string().min(1),
  score: z.number().int().min(1).max(5),
  comment: z.string().optional(),
});
export type SatisfactionAnswer = z.infer<typeof SatisfactionAnswer>;

/** Why a `customerRelationship` run starts: the events the other processes hand to Retention & Loyalty. */
export const RelationshipTrigger = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('orderCompleted'), orderId: z.string().min(1) }),
  z.object({ kind: z.literal('problemClosed'), ticketId: z.string().min(1) }),
  z.object({ kind: z.literal('productCeased'), productId: z.string().min(1) }),
  z.object({ kind: z.literal('riskReview') }),
  /** The customer leaves (#13): what the relationship holds is dismantled by cease orders, then it ends. */
  z.object({ kind: z.literal('relationshipEnded'), reason: z.string().min(1).max(500) }),
]);
export type RelationshipTrigger = z.infer<typeof RelationshipTrigger>;

/** 1.FAB.1.2.3's report on customer contacts and the requests they carried. */
export const ContactReport = z.object({
  id: z.string(),
  customerId: CustomerId.nullable(),
  contacts: z.number().int(),
  open: z.number().int(),
  byChannel: z.record(z.string(), z.number().int()),
  byReason: z.record(z.string(), z.number().int()),
  averageDurationSeconds: z.number().int().nullable(),
  longestDurationSeconds: z.number().int().nullable(),
  /** Customers who came back about the same reason within 7 days of a previous contact. */
  repeatContacts: z.number().int(),
  requests: z.object({
    total: z.number().int(),
    byType: z.record(z.string(), z.number().int()),
    satisfied: z.number().int(),
    unsatisfied: z.number().int(),
    selfServed: z.number().int(),
  }),
  createdAt: z.string(),
});
export type ContactReport = z.infer<typeof ContactReport>;
