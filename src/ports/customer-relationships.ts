import type {
  ContactReport,
  CustomerInsight,
  Relationship,
  RetentionOffer,
  RiskAssessment,
  Survey,
} from '../domain/lifecycle/relationship';

/** The raw facts other processes recorded about a customer; a table another process has not created yet counts as no data. */
export interface CustomerFacts {
  products: Array<{ status: string; recurringMinor: number }>;
  orders: Array<{ state: string }>;
  contacts: number;
  /** Trouble tickets raised since the date asked (cancelled ones aside). */
  troubleTickets: number;
  /** Tickets closed with their SLA missed, plus SLA credits owed. */
  slaBreaches: number;
  payment: { outstandingMinor: number; creditLimitMinor: number; daysPastDue: number; fraudFlag: boolean } | null;
  /** Bills overdue and what remains unpaid on them (none without Billing & Collections). */
  overdueBills: number;
  overdueMinor: number;
  /** Usage records collected for the customer since the date asked (none without usage collection). */
  usageRecords: number;
  lastSatisfactionScore: number | null;
}

export interface ContactRow {
  id: string;
  customerId: string | null;
  channel: string;
  reason: string;
  openedAt: string;
  closedAt: string | null;
  durationSeconds: number | null;
}
export interface RequestRow {
  requestType: string;
  status: string;
}

/** Retention & Loyalty (CRM): relationships, insight, risk, retention offers and surveys. */
export interface CustomerRelationshipPort {
  getRelationship(customerId: string): Promise<Relationship | undefined>;
  /** The customers the enterprise knows under one identity (the normalised e-mail): by their e-mail now, or the one their relationship was established under. */
  customersWithIdentity(identityKey: string): Promise<string[]>;
  establish(idempotencyKey: string, customerId: string, identityKey: string, at: string): Promise<Relationship>;
  terminate(
    idempotencyKey: string,
    customerId: string,
    reason: string,
    archive: unknown,
    at: string,
  ): Promise<Relationship>;

  facts(customerId: string, troublesSince: string): Promise<CustomerFacts>;
  recordInsight(idempotencyKey: string, insight: Omit<CustomerInsight, 'id'>): Promise<CustomerInsight>;
  latestInsight(customerId: string): Promise<CustomerInsight | undefined>;
  recordRisk(idempotencyKey: string, risk: Omit<RiskAssessment, 'id'>): Promise<RiskAssessment>;
  latestRisk(customerId: string): Promise<RiskAssessment | undefined>;
  recordOffer(idempotencyKey: string, offer: Omit<RetentionOffer, 'id'>, at: string): Promise<RetentionOffer>;
  offersOf(customerId: string): Promise<RetentionOffer[]>;

  sendSurvey(
    idempotencyKey: string,
    s: Omit<Survey, 'id' | 'state' | 'score' | 'comment' | 'answeredAt'>,
  ): Promise<Survey>;
  getSurvey(surveyId: string): Promise<Survey | undefined>;
  /** sent → answered (with a score) or expired; anything else is refused. */
  closeSurvey(
    idempotencyKey: string,
    surveyId: string,
    outcome: { state: 'answered'; score: number; comment: string | null } | { state: 'expired' },
    at: string,
  ): Promise<Survey>;

  contactsOf(customerId: string | null): Promise<{ contacts: ContactRow[]; requests: RequestRow[] }>;
  recordContactReport(idempotencyKey: string, report: Omit<ContactReport, 'id'>): Promise<ContactReport>;
}
