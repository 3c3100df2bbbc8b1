import type { SlaCredit } from '../domain/assurance/sla-credit';
import type { Bill, DunningAction } from '../domain/billing/billing';

export interface BillingAccountView {
  id: string;
  customerId: string;
  customerName: string;
  currency: string;
  status: string;
  billingAddress: string | null;
  deliveryChannel: string;
  balanceMinor: number;
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
 * CRM Billing & Collections (1.B.1.8): billing accounts and their portfolio, bill runs, bills
 * and their lines, payments, dunning, suspension for non-payment and restoration, inquiries.
 * Money is integer minor units. Every write takes an idempotency key.
 */
export interface BillingPort {
  account(accountId: string): Promise<BillingAccountView | undefined>;
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
  issueBill(key: string, i: { billId: string; invoiceDir?: string; dueAt: string }): Promise<Bill>;
  bill(billId: string): Promise<Bill | undefined>;
  billsOf(billingAccountId: string): Promise<Bill[]>;
  recordPayment(
    key: string,
    p: { billId: string; amountMinor: number; reference: string },
  ): Promise<{ bill: Bill; paymentId: string }>;
  dunningStep(
    key: string,
    s: { billId: string; step: number; action: DunningAction },
  ): Promise<{ stepId: string; outstandingMinor: number }>;
  /** Suspends the products of the bill's account (the request to service management); returns them. */
  suspendForNonPayment(key: string, billId: string): Promise<string[]>;
  /** Restores what the bill's suspension took; returns the products restored. */
  restoreAfterPayment(key: string, billId: string): Promise<string[]>;
  recordInquiry(key: string, i: Omit<InquiryRecord, 'inquiryId'>): Promise<InquiryRecord>;
}
