import type {
  Campaign,
  Collateral,
  Lead,
  Prospect,
  Quote,
  QuoteState,
  Recommendation,
} from '../domain/lifecycle/sales';

export type NewLead = Omit<Lead, 'id' | 'prospectId'>;
export type NewProspect = Omit<Prospect, 'id' | 'state' | 'reason'>;
export type NewQuote = Omit<Quote, 'id' | 'state' | 'reason' | 'orderId'>;

/** A customer in a campaign's target: active, in its segment and region. */
export interface AudienceMember {
  customerId: string;
  name: string;
  email: string;
  /** The offerings the customer already holds, active. */
  activeOfferingIds: string[];
}

/** What the store knows of a customer's use of what it bought: the ground of cross/up-selling. */
export interface SalesHistory {
  products: Array<{ productOfferingId: string; region: string; status: string; recurringMinor: number }>;
  /** Trouble tickets per offering (by the product they were raised on); empty without Problem Handling. */
  troublesByOffering: Record<string, number>;
  /** Contacts per reason (e.g. 'product order', 'trouble report'). */
  contactsByReason: Record<string, number>;
  /** Bandwidth the customer's services were designed for, per product offering (max). */
  bandwidthMbpsByOffering: Record<string, number>;
}

/**
 * Marketing Fulfilment Response and Selling (CRM): campaigns as handed over, the collateral
 * sent, leads, prospects, quotes, new customers acquired and sales recommendations.
 */
export interface SalesPort {
  /** Records the campaign; recording it again returns the first record. */
  recordCampaign(idempotencyKey: string, campaign: Campaign, at: string): Promise<Campaign>;
  getCampaign(campaignId: string): Promise<Campaign | undefined>;
  audience(campaign: Pick<Campaign, 'segment' | 'region'>): Promise<AudienceMember[]>;
  recordCollateral(idempotencyKey: string, c: Omit<Collateral, 'id'>, at: string): Promise<Collateral>;
  collateralsOf(campaignId: string): Promise<Collateral[]>;

  recordLead(idempotencyKey: string, lead: NewLead, at: string): Promise<Lead>;
  getLead(leadId: string): Promise<Lead | undefined>;
  updateLead(
    idempotencyKey: string,
    leadId: string,
    change: { state: Lead['state']; reason?: string | null; prospectId?: string },
    at: string,
  ): Promise<Lead>;

  openProspect(idempotencyKey: string, p: NewProspect, at: string): Promise<Prospect>;
  getProspect(prospectId: string): Promise<Prospect | undefined>;
  updateProspect(
    idempotencyKey: string,
    prospectId: string,
    change: { state?: Prospect['state']; reason?: string | null; customerId?: string; qualification?: unknown },
    at: string,
  ): Promise<Prospect>;
  /** Regions where every resource the offering needs is in our inventory or under a supplier contract. */
  regionsServed(offeringId: string): Promise<string[]>;

  createQuote(idempotencyKey: string, q: NewQuote, at: string): Promise<Quote>;
  getQuote(quoteId: string): Promise<Quote | undefined>;
  /** proposed → accepted | declined | expired; accepted → ordered. Any other move is refused. */
  moveQuote(
    idempotencyKey: string,
    quoteId: string,
    to: QuoteState,
    change: { reason?: string | null; orderId?: string; customerId?: string },
    at: string,
  ): Promise<Quote>;

  /** A new customer (active) with its first credit profile; one per e-mail. */
  acquireCustomer(
    idempotencyKey: string,
    c: { name: string; email: string; phone: string | null; segment: string; region: string },
    credit: { creditScore: number; creditLimitMinor: number },
    at: string,
  ): Promise<{ customerId: string; created: boolean }>;
  updateCustomerData(
    idempotencyKey: string,
    customerId: string,
    change: { email?: string; phone?: string | null },
  ): Promise<void>;
  findCustomerByEmail(email: string): Promise<string | undefined>;

  salesHistory(customerId: string): Promise<SalesHistory>;
  recordRecommendation(idempotencyKey: string, r: Omit<Recommendation, 'id'>, at: string): Promise<Recommendation>;
}
