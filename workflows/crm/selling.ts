import {
  ApplicationFailure,
  condition,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CrmActivities } from '../../activities/crm';
import type { FulfilmentTimingsInput } from '../../src/domain/fulfilment/timings';
import type { QuoteDecision, QuoteItemRequest, QuoteState } from '../../src/domain/lifecycle/sales';
import type { LifecycleTimings } from '../../src/domain/lifecycle/timings';
import { SYSTEM_CALL } from '../shared/activity-options';
import { getSalesOpportunityQuery, quoteDecisionUpdate } from '../shared/lifecycle-messages';
import { childStart, type ChildExtras } from '../shared/child';
import { businessRejection, reasonOf } from '../shared/failures';
import { markProgress } from '../shared/search-attributes';
import { productOrder, productOrderFromSaleId, productOrderStart, type ProductOrderOutcome } from './order-handling';
import {
  customerRelationship,
  customerRelationshipStart,
  customerRelationshipWorkflowId,
  type CustomerRelationshipView,
} from './retention-loyalty';
import { SalesOpportunityInput as SalesOpportunityContract } from '../../src/domain/workflow-inputs';
import { validInput } from '../shared/valid-input';

/**
 * Selling (1.F.1.4) for one sales opportunity: a lead handed over by Marketing Fulfilment
 * Response, or a customer who asks. The prospect is matched to the portfolio (1.F.1.4.1),
 * qualified and educated (1.F.1.4.2), and a quote is put to them (1.F.1.4.3) that they accept
 * or decline by the `quoteDecision` update before it lapses. An accepted quote records the
 * customer's data (1.F.1.4.4) and becomes a product order that Order Handling fulfils (child
 * `productOrder`); once it is completed, the customer is offered what else suits them
 * (1.F.1.4.5) and Retention & Loyalty takes the relationship on (child `customerRelationship`).
 *
 * Workflow id: any id usable as an order id prefix (letters, digits, . _ : -; the order is
 * `<id>.order`, at most 64 characters), CRM queue.
 */
export interface SalesOpportunityInput {
  /** A lead handed off by 1.F.1.3.2 … */
  leadId?: string;
  /** … or a known customer and what they need. */
  customerId?: string;
  needs?: Array<Partial<QuoteItemRequest> & Pick<QuoteItemRequest, 'productOfferingId' | 'region'>>;
  termMonths?: 12 | 24 | 36;
  requestedDiscountPct?: number;
  phone?: string | null;
  /** Durations in milliseconds (LifecycleTimings parsed). */
  timings?: Partial<LifecycleTimings>;
  /** Passed to the product order as they are (Order Handling parses them). */
  fulfilmentTimings?: FulfilmentTimingsInput;
}

export type SalesOutcome = 'disqualified' | 'declined' | 'expired' | 'won' | 'lost';

export interface SalesOpportunityView {
  prospectId: string | null;
  quoteId: string | null;
  quoteState: QuoteState | null;
  customerId: string | null;
  orderId: string | null;
  orderState: string | null;
  relationshipWorkflowId: string | null;
  currentProcess: string | null;
  outcome: SalesOutcome | null;
  reason: string | null;
}

export interface SalesOpportunityResult extends SalesOpportunityView {
  recommendationId: string | null;
  relationship: CustomerRelationshipView | null;
}

const crm = proxyActivities<CrmActivities>(SYSTEM_CALL);
const DEFAULT_QUOTE_VALIDITY = 30 * 86_400_000;
const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{2,63}$/;

/** A lead a campaign hands to Selling: `<campaign>.<lead>`. */
export const salesOpportunityWorkflowId = (campaignId: string, leadId: string) => `${campaignId}.${leadId}`;

/** Selling runs on the CRM queue. */
export function salesOpportunityStart(workflowId: string, input: SalesOpportunityInput, extras?: ChildExtras) {
  return childStart<typeof salesOpportunity>('crm', workflowId, [input], extras);
}

export async function salesOpportunity(input: SalesOpportunityInput): Promise<SalesOpportunityResult> {
  validInput(SalesOpportunityContract, input);
  const self = workflowInfo().workflowId;
  const orderId = productOrderFromSaleId(self);
  if (!ORDER_ID.test(orderId)) {
    throw ApplicationFailure.nonRetryable(`workflow id ${self} cannot name its order (${orderId})`, 'InvalidInput');
  }
  const view: SalesOpportunityView = {
    prospectId: null,
    quoteId: null,
    quoteState: null,
    customerId: input.customerId ?? null,
    orderId: null,
    orderState: null,
    relationshipWorkflowId: null,
    currentProcess: null,
    outcome: null,
    reason: null,
  };
  const decision: { value?: QuoteDecision } = {};
  let relationshipView: CustomerRelationshipView | null = null;
  setHandler(getSalesOpportunityQuery, () => view);
  setHandler(
    quoteDecisionUpdate,
    async (d) => {
      decision.value = d;
      await condition(() => view.quoteState !== 'proposed');
      return view;
    },
    {
      validator: (d) => {
        if (!view.quoteId) throw new Error('no quote has been proposed yet');
        if (d.quoteId !== view.quoteId) throw new Error(`the quote on the table is ${view.quoteId}, not ${d.quoteId}`);
        if (view.quoteState !== 'proposed' || decision.value)
          throw new Error(`quote ${view.quoteId} is already decided`);
      },
    },
  );
  const at = (process: string) => {
    view.currentProcess = process;
    markProgress({ process, layer: 'CRM', customerId: view.customerId ?? undefined });
  };
  const finish = async (outcome: SalesOutcome, reason: string | null, recommendationId: string | null = null) => {
    at('1.F.1.4.1');
    await crm.manageProspect({
      action: 'close',
      prospectId: view.prospectId!,
      outcome: outcome === 'won' ? 'won' : 'lost',
      reason,
    });
    view.outcome = outcome;
    view.reason = reason;
    markProgress({ state: outcome });
    return { ...view, recommendationId, relationship: relationshipView };
  };

  // 1.F.1.4.1 — the prospect, matched to the portfolio.
  at('1.F.1.4.1');
  const prospect = input.leadId
    ? await crm.manageProspect({ action: 'open', leadId: input.leadId })
    : await crm.manageProspect({ action: 'openForCustomer', customerId: input.customerId!, needs: input.needs ?? [] });
  view.prospectId = prospect.id;
  view.customerId = prospect.customerId;
  markProgress({ state: 'open' });

  // 1.F.1.4.2 — eligible, creditworthy, and told what they would buy.
  at('1.F.1.4.2');
  const qualification = await crm.qualifyAndEducateCustomer({ prospectId: prospect.id });
  if (!qualification.qualified) return finish('disqualified', qualification.reasons.join('; '));

  // 1.F.1.4.3 — the quote, and the customer's decision before it lapses.
  at('1.F.1.4.3');
  const validity = input.timings?.quoteValidity ?? DEFAULT_QUOTE_VALIDITY;
  const quote = await crm.negotiateSales({
    action: 'propose',
    prospectId: prospect.id,
    termMonths: input.termMonths ?? 12,
    requestedDiscountPct: input.requestedDiscountPct ?? 0,
    validUntil: new Date(Date.now() + validity).toISOString(),
  });
  view.quoteId = quote.id;
  view.quoteState = quote.state;
  markProgress({ state: 'quoted' });
  const decided = await condition(() => decision.value !== undefined, validity);
  const d = decision.value;
  const decisionState = !decided || !d ? 'expired' : d.accepted ? 'accepted' : 'declined';
  const reason = decisionState === 'expired' ? 'the quote lapsed unanswered' : (d?.reason ?? null);
  const settled = await crm.negotiateSales({ action: 'decide', quoteId: quote.id, decision: decisionState, reason });
  view.quoteState = settled.state;
  if (decisionState !== 'accepted') return finish(decisionState, reason);

  // 1.F.1.4.4 — the buyer's data: a prospect becomes a customer.
  at('1.F.1.4.4');
  const acquired = await crm.acquireCustomerData({ prospectId: prospect.id, phone: input.phone });
  view.customerId = acquired.customerId;

  // The formal agreement is a purchase order: Order Handling (1.F.1.5) fulfils it.
  at('1.F.1.4.3');
  await crm.negotiateSales({ action: 'ordered', quoteId: quote.id, orderId });
  view.orderId = orderId;
  view.quoteState = 'ordered';
  const order: Parameters<typeof productOrder>[0] = {
    externalId: orderId,
    customerId: acquired.customerId,
    channel: prospect.salesChannel === 'web' ? 'web' : 'phone',
    items: quote.lines.flatMap((l, i) =>
      Array.from({ length: l.quantity }, (_, n) => ({
        id: l.quantity > 1 ? `${i + 1}-${n + 1}` : `${i + 1}`,
        productOfferingId: l.productOfferingId,
        region: l.region,
        characteristics: l.characteristics,
      })),
    ),
    quoteId: quote.id,
    timings: input.fulfilmentTimings,
  };
  let outcome: ProductOrderOutcome | undefined;
  try {
    outcome = await executeChild(productOrder, productOrderStart(orderId, order));
  } catch (err) {
    if (!businessRejection(err)) throw err;
    view.orderState = 'failed';
    return finish('lost', `order ${orderId}: ${reasonOf(err)}`);
  }
  view.orderState = outcome.state;
  if (outcome.state !== 'completed')
    return finish('lost', `order ${orderId} ${outcome.state}: ${outcome.reason ?? ''}`);

  // 1.F.1.4.5 — what else suits the customer, now that they hold the product.
  at('1.F.1.4.5');
  const recommendation = await crm.crossSellAndUpSell({ customerId: acquired.customerId });

  // Retention & Loyalty takes the relationship on: established, satisfaction validated.
  view.relationshipWorkflowId = customerRelationshipWorkflowId(self);
  relationshipView = await executeChild(
    customerRelationship,
    customerRelationshipStart(view.relationshipWorkflowId, {
      customerId: acquired.customerId,
      trigger: { kind: 'orderCompleted', orderId },
      timings: input.timings?.surveyWait !== undefined ? { surveyWait: input.timings.surveyWait } : undefined,
    }),
  );
  return finish('won', null, recommendation.id);
}
