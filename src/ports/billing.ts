import type { SlaCredit } from '../domain/assurance/sla-credit';
import type { Bill, BillLine, DunningAction } from '../domain/billing/billing';
import type { NewEvent } from './event-subscriptions';
import type { DateBound, Page } from './search';

export interface BillingAccountView {
  id: string;
  customerId: string;
  customerName: string;
  currency: string;
  status: string;
  billingAddress: string | null;
  deliveryChannel: string;
  balanceMinor: number;
  createdAt: string;
  /** The customer's credit limit (1.F.1.5.2), which bounds what the account may owe; null without a credit profile. */
  creditLimitMinor: number | null;
  /** The portfolio billing must reflect (1.B.1.8.4): products, their status and recurring charge. */
  products: Array<{
    id: string;
    offeringId: string;
    offeringName: string;
    status: string;
    recurringMinor: number;
    serviceIds: string[];
  }>;
}

/** A service dunning suspends or resumes through a service order, with what the order needs. */
export interface SuspensionService {
  serviceId: string;
  productId: string;
  productOrderId: string;
  itemId: string;
  customerId: string;
  cfsSpecId: string;
  region: string;
}

export interface BillRun {
  billRunId: string;
  periodStart: string;
  periodEnd: string;
  state: 'running' | 'completed';
}

export interface InquiryRecord {
  inquiryId: string;
  customerId: string;
  billId: string;
  usageRecordId: number | null;
  claim: string;
  state: 'upheld' | 'notUpheld';
  finding: string;
  adjustmentMinor: number;
}

/**
 * Where a bill stands for the customer: being drafted, sent and awaiting payment (issued or
 * overdue, nothing paid yet), partly paid, paid, or cancelled.
 */
export type BillStanding = 'draft' | 'awaitingPayment' | 'partlyPaid' | 'paid' | 'cancelled';

/** A list of bills (newest first): every criterion given holds, the values of one are alternatives. */
export interface BillSearch {
  ids?: string[];
  billingAccountIds?: string[];
  customerIds?: string[];
  standings?: BillStanding[];
  /** Bounds on the date the bill was issued. */
  dates?: DateBound<'issuedAt'>[];
  offset: number;
  limit: number;
}

/** A line of a bill with what it is billed under: the bill, its account, currency and period. */
export interface BilledLine extends BillLine {
  billId: string;
  billingAccountId: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  issuedAt: string | null;
}

/** A list of bill lines (the newest bills first, each in line order); tax lines are never charges of their own. */
export interface BillLineSearch {
  lines?: Array<{ billId: string; lineNo: number }>;
  billIds?: string[];
  billingAccountIds?: string[];
  kinds?: Array<Exclude<BillLine['kind'], 'tax'>>;
  offset: number;
  limit: number;
}

/** A list of billing accounts (newest first). */
export interface BillingAccountSearch {
  ids?: string[];
  statuses?: string[];
  customerIds?: string[];
  offset: number;
  limit: number;
}

/** The event a change of a bill publishes (none when its standing did not change), stored with the change. */
export type BillEvent = (bill: Bill, before: Bill | undefined) => NewEvent | null;
/** The event a change of an account's status publishes, stored with the change. */
export type BillingAccountEvent = (account: BillingAccountView) => NewEvent;

/**
 * CRM Billing & Collections (1.B.1.8): billing accounts and their portfolio, bill runs, bills
 * and their lines, payments, dunning, suspension for non-payment and restoration, inquiries.
 * Money is integer minor units. Every write takes an idempotency key.
 */
export interface BillingPort {
  account(accountId: string): Promise<BillingAccountView | undefined>;
  searchAccounts(query: BillingAccountSearch): Promise<Page<BillingAccountView>>;
  /** Accounts with products to bill (active or suspended). */
  accountsToBill(): Promise<string[]>;
  updateAccount(
    key: string,
    accountId: string,
    change: { billingAddress?: string; deliveryChannel?: 'email' | 'post' | 'portal' },
  ): Promise<BillingAccountView>;
  lastBillRunEnd(): Promise<string | null>;
  openBillRun(key: string, run: { billRunId: string; periodStart: string; periodEnd: string }): Promise<BillRun>;
  closeBillRun(key: string, billRunId: string): Promise<BillRun>;
  billRun(billRunId: string): Promise<BillRun | undefined>;
  /**
   * Prices an account's bill for the run: recurring charges of its products, its rated usage
   * (the records become `billed`), the credits given, tax. Draft until issued.
   */
  draftBill(key: string, d: { billRunId: string; billingAccountId: string; credits: SlaCredit[] }): Promise<Bill>;
  /** Checks the bill, writes its document and issues it: it joins the account's balance. */
  issueBill(key: string, i: { billId: string; invoiceDir?: string; dueAt: string }, event?: BillEvent): Promise<Bill>;
  /**
   * The final bill of ceased products (#12), in a run of its own (`billRunId`, once: asked again,
   * the same bill): their recurring charge from what is billed of each up to `ceasedAt`, prorated
   * on a month of 30 days, and their rated usage not yet billed (nought when nothing is left).
   * Draft until issued.
   */
  draftFinalBill(
    key: string,
    f: { billRunId: string; billingAccountId: string; productIds: string[]; ceasedAt: string },
  ): Promise<Bill>;
  bill(billId: string): Promise<Bill | undefined>;
  billsOf(billingAccountId: string): Promise<Bill[]>;
  searchBills(query: BillSearch): Promise<Page<Bill>>;
  searchBillLines(query: BillLineSearch): Promise<Page<BilledLine>>;
  recordPayment(
    key: string,
    p: { billId: string; amountMinor: number; reference: string },
    event?: BillEvent,
  ): Promise<{ bill: Bill; paymentId: string }>;
  dunningStep(
    key: string,
    s: { billId: string; step: number; action: DunningAction },
  ): Promise<{ stepId: string; outstandingMinor: number }>;
  /**
   * The services dunning acts on for the bill (#12): to suspend, those in service of the account's
   * active products; to resume, those of the products the bill's suspension holds.
   */
  suspensionServices(billId: string, phase: 'suspend' | 'resume'): Promise<SuspensionService[]>;
  /**
   * Records the account's active products suspended for the bill (once their services are):
   * the suspension of each, the account suspended; returns the products. Their status and
   * charge periods are the product inventory's to record.
   */
  suspendForNonPayment(key: string, billId: string, event?: BillingAccountEvent): Promise<string[]>;
  /** Ends what the bill's suspension holds (the account active again); returns the products restored. */
  restoreAfterPayment(key: string, billId: string, event?: BillingAccountEvent): Promise<string[]>;
  recordInquiry(
    key: string,
    i: Omit<InquiryRecord, 'inquiryId'> & { answeredFrom?: string | null },
  ): Promise<InquiryRecord>;
  /** The questions asked (claims, in lower case) by customers of `regions` since `since`, most asked first. */
  commonQuestions(
    regions: string[],
    since: string,
  ): Promise<Array<{ question: string; asked: number; upheld: number; notUpheld: number }>>;
  /** Publishes (or republishes) the answer to a common question (1.O.1.1.4); once per key. */
  publishAnswer(
    key: string,
    a: { question: string; answer: string; asked: number; publishedBy: string; runId: string },
  ): Promise<void>;
  /** The published answer to a question, if any (1.B.1.8.1 gives it with its finding). */
  publishedAnswer(question: string): Promise<{ question: string; answer: string } | undefined>;
}

/** A billing question as published answers key it: the claim as asked, in lower case. */
export const questionOf = (claim: string) => claim.trim().replace(/\s+/g, ' ').toLowerCase();
