import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SatisfactionAnswer } from '../../src/domain/lifecycle/relationship';
import type { CampaignResponseInput, QuoteDecision } from '../../src/domain/lifecycle/sales';
import type { CampaignResponseView } from '../crm/marketing-fulfilment-response';
import type { CustomerRelationshipView } from '../crm/retention-loyalty';
import type { SalesOpportunityView } from '../crm/selling';

/**
 * The messages of the customer's lifecycle in CRM: a contact (Customer Interface Management),
 * a campaign's responses (Marketing Fulfilment Response), a sale (Selling) and the
 * relationship after it (Retention & Loyalty). Their names are in recorded histories: keep them.
 */

/** A customer or prospect answers the campaign (through any channel). */
export const campaignResponseSignal = defineSignal<[CampaignResponseInput]>('campaignResponse');
/** Manage Campaign closes the response window before its end. */
export const closeCampaignResponseSignal = defineSignal('closeCampaignResponse');
export const getCampaignResponseQuery = defineQuery<CampaignResponseView>('getCampaignResponse');

export const getSalesOpportunityQuery = defineQuery<SalesOpportunityView>('getSalesOpportunity');
/** The customer accepts or declines the quote; answers once the decision is on record. */
export const quoteDecisionUpdate = defineUpdate<SalesOpportunityView, [QuoteDecision]>('quoteDecision');

/** Customer → CRM: the answer to a satisfaction survey (1.FAB.1.9.5). */
export const satisfactionAnswerSignal = defineSignal<[SatisfactionAnswer]>('satisfactionAnswer');
export const getCustomerRelationshipQuery = defineQuery<CustomerRelationshipView>('getCustomerRelationship');

export const customerInteractionState = defineQuery<{ contactId?: string; requestId?: string; status: string }>(
  'customerInteractionState',
);
