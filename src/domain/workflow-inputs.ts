import { z } from 'zod';
import { ContactChannel, CustomerId } from './customer';
import { ResourceNeed } from './fulfilment/resource-order';
import { SupplierPaymentQuestion } from './lifecycle/partner-interaction';
import { RelationshipTrigger } from './lifecycle/relationship';
import { Campaign, ProspectContact, QuoteItemRequest } from './lifecycle/sales';
import { BoundedId, Characteristics, LIMITS } from './limits';

/**
 * The inputs of the workflows whose callers pass a plain object (no request schema of their
 * own), as each workflow reads them: what the workflow checks at its start (workflows/shared/
 * valid-input.ts), so that one started by hand with a field missing fails at once, naming it.
 * Each matches the interface beside its workflow; a field the workflow does not read is let be.
 */

/** eventDelivery (CRM): one hub subscription's deliveries. */
export const EventDeliveryInput = z.object({ subscriptionId: BoundedId });

/** customerInteraction (CRM, 1.FAB.1.2): a contact and the request it carries. */
export const CustomerInteractionInput = z.object({
  customerId: CustomerId.nullable(),
  channel: ContactChannel,
  reason: z.string().min(1).max(LIMITS.text),
  request: z.object({
    requestType: z.enum(['productOrder', 'troubleReport', 'billingInquiry', 'customerDetails', 'orderStatus']),
    payload: z.record(z.string().max(LIMITS.name), z.unknown()).optional(),
  }),
});

/** customerRelationship (CRM, retention and loyalty). */
export const CustomerRelationshipInput = z.object({
  customerId: BoundedId,
  trigger: RelationshipTrigger,
  timings: z.object({ surveyWait: z.number().nonnegative() }).partial().optional(),
});

/** usageCollection (RM&O, 1.AB.3.5). */
export const UsageCollectionRequest = z.object({
  collectionId: BoundedId,
  periodEnd: z.string().min(1).max(64),
  cycleId: BoundedId.nullable(),
  customerId: BoundedId.optional(),
});

/** usageRating (SM&O, 1.B.2.5). */
export const UsageRatingRequest = z.object({
  collectionId: BoundedId,
  records: z.number().int().nonnegative(),
  cycleId: BoundedId,
});

/** resourceAvailability (RM&O): what a service needs, in a region. */
export const ResourceAvailabilityInput = z.object({
  region: z.string().min(1).max(16),
  needs: z.array(ResourceNeed).max(100),
});

/** serviceFeasibility (SM&O): one customer-facing service, where and how. */
export const ServiceFeasibilityInput = z.object({
  cfsSpecId: BoundedId,
  region: z.string().min(1).max(16),
  characteristics: Characteristics,
});

/** partnerSettlement (S/PRM, 1.B.4.5): a settlement cycle, or a supplier's payment question (period 'open'). */
export const PartnerSettlementRequest = z.object({ period: BoundedId, question: SupplierPaymentQuestion.optional() });

/** The readiness workflows (started by their Schedules, possibly with no argument). */
export const ReadinessWorkflowInput = z
  .object({
    windowDays: z.number().int().positive().max(3_650).optional(),
    /** crmReadiness: how long after it is planned a campaign starts, and how long it runs (ms). */
    campaign: z
      .object({ leadTime: z.number().int().nonnegative().optional(), duration: z.number().int().positive().optional() })
      .optional(),
  })
  .optional();

/** Waits as the workflows read them: milliseconds, already parsed from durations by their callers. */
const Millis = z.number().int().nonnegative();

/** billCollection (CRM, 1.B.1.8.5): one bill's collection, dunning and suspension. */
export const BillCollectionInput = z.object({
  billId: BoundedId,
  customerId: BoundedId,
  totalMinor: z.number().int().min(-1e12).max(1e12),
  timings: z.object({ paymentTerm: Millis, dunningInterval: Millis, suspensionWait: Millis }),
});

/** billingInquiry (CRM, 1.B.1.8.1): a customer questions one rated record of a bill. */
export const BillingInquiryInput = z.object({
  customerId: BoundedId,
  billId: BoundedId,
  usageRecordId: z.number().int().positive(),
  claim: z.string().min(1).max(LIMITS.text),
});

/** marketingCampaignResponse (CRM, 1.F.1.3): the campaign as 1.O.1.1.9 hands it over, and its prospects. */
export const MarketingCampaignResponseInput = z.object({
  campaign: Campaign,
  prospects: z.array(ProspectContact).max(10_000).optional(),
  timings: z.record(z.string().max(LIMITS.name), Millis).optional(),
  /** A campaign Manage Campaign planned (1.O.1.1.9): it starts at `startsAt` and closes at `endsAt`. */
  schedule: z.object({ planId: BoundedId, startsAt: z.iso.datetime(), endsAt: z.iso.datetime() }).optional(),
});

/** salesOpportunity (CRM, 1.F.1.4): a lead handed off by 1.F.1.3.2, or a known customer and what they need. */
export const SalesOpportunityInput = z
  .object({
    leadId: BoundedId.optional(),
    customerId: BoundedId.optional(),
    needs: z
      .array(QuoteItemRequest.partial().required({ productOfferingId: true, region: true }))
      .max(20)
      .optional(),
    termMonths: z.union([z.literal(12), z.literal(24), z.literal(36)]).optional(),
    requestedDiscountPct: z.number().min(0).max(100).optional(),
    phone: z.string().max(LIMITS.name).nullable().optional(),
    timings: z.record(z.string().max(LIMITS.name), Millis).optional(),
  })
  .refine((i) => i.leadId !== undefined || i.customerId !== undefined, {
    message: 'a lead (leadId) or a known customer (customerId)',
  });
