import { type Bill, VAT_BASIS_POINTS } from '../../domain/billing/billing';
import type { BilledLine, BillStanding } from '../../ports/billing';
import { productRef } from '../inventory/links';
import { apiHref, defined, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';

/** The spec file TMF678 follows. */
export const CUSTOMER_BILL_SPEC = 'TMF678-CustomerBillManagement-v4.0.0.swagger.json';

/** The billing APIs, by their names in the base path. */
export const BILLING_APIS = { customerBill: 'customerBillManagement', account: 'accountManagement' } as const;

export const customerBillHref = (id: string) => apiHref(BILLING_APIS.customerBill, 'customerBill', id);
export const appliedRateHref = (id: string) => apiHref(BILLING_APIS.customerBill, 'appliedCustomerBillingRate', id);
export const billingAccountHref = (id: string) => apiHref(BILLING_APIS.account, 'billingAccount', id);

/** TMF678 v4 `stateValue`. */
export type CustomerBillState = 'new' | 'onHold' | 'validated' | 'sent' | 'partiallyPaid' | 'settled';

/**
 * A bill's TMF678 state from where it stands in the store: a draft is `new`; issued (or overdue:
 * TMF678 has no such state, the bill is still out for payment) is `sent` until a payment comes,
 * `partiallyPaid` after one that leaves something owed, `settled` once paid. Billing never holds
 * a bill nor validates it apart from issuing it, so `onHold` and `validated` name none; a
 * cancelled bill (nothing cancels one today) has no v4 state and is shown without one.
 */
export const TMF_STATE: Record<BillStanding, CustomerBillState | undefined> = {
  draft: 'new',
  awaitingPayment: 'sent',
  partlyPaid: 'partiallyPaid',
  paid: 'settled',
  cancelled: undefined,
};

/** The standings a `state=` filter selects (none for `onHold` and `validated`); undefined when not filtered. */
export const standingsOf = (states: readonly string[] | undefined) =>
  states && (Object.keys(TMF_STATE) as BillStanding[]).filter((s) => states.includes(TMF_STATE[s] ?? ''));

/** Where a bill stands: as the store's list reads it (bills.ts STANDING). */
export function standing(b: Pick<Bill, 'state' | 'paidMinor'>): BillStanding {
  if (b.state === 'issued' || b.state === 'overdue') return b.paidMinor > 0 ? 'partlyPaid' : 'awaitingPayment';
  return b.state;
}

export const tmfState = (b: Pick<Bill, 'state' | 'paidMinor'>) => TMF_STATE[standing(b)];

/** The currency's minor units per major unit (2 digits for EUR), from the ISO 4217 data Intl carries. */
const scale = (currency: string) =>
  10 ** (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);

/** TMF Money: the store keeps integer minor units; TMF shows the currency's major units. */
export const money = (minor: number, currency: string) => ({ unit: currency, value: minor / scale(currency) });

const VAT_RATE = VAT_BASIS_POINTS / 10_000;

export const billingAccountRef = (id: string) => ({
  id,
  href: billingAccountHref(id),
  '@referredType': 'BillingAccount',
});

/**
 * A bill as Create & Deliver Bill (1.B.1.8.3) issued it and Manage Collection (1.B.1.8.5)
 * settles it: its amounts (net, VAT, total, what remains owed), the period it bills, when it
 * was issued and is due, the account it is billed to (TMF666) and the customer.
 */
export function fromRecord(spec: TmfSpec, b: Bill) {
  return {
    id: b.id,
    href: customerBillHref(b.id),
    ...defined({
      billNo: b.id,
      category: 'normal',
      runType: 'onCycle',
      state: tmfState(b),
      billDate: b.issuedAt,
      paymentDueDate: b.dueAt,
      billingPeriod: { startDateTime: b.periodStart, endDateTime: b.periodEnd },
      amountDue: money(b.totalMinor, b.currency),
      remainingAmount: money(b.totalMinor - b.paidMinor, b.currency),
      taxExcludedAmount: money(b.netMinor, b.currency),
      taxIncludedAmount: money(b.totalMinor, b.currency),
      taxItem: [{ taxCategory: 'VAT', taxRate: VAT_RATE, taxAmount: money(b.taxMinor, b.currency) }],
      billingAccount: billingAccountRef(b.billingAccountId),
      relatedParty: [{ id: b.customerId, role: 'customer', '@referredType': 'Customer' }],
    }),
    ...typed(spec, 'CustomerBill'),
  } satisfies Resource;
}

/** An applied rate's id: its bill's and its line's (`BILL-000001-L2`). */
export const rateId = (billId: string, lineNo: number) => `${billId}-L${lineNo}`;
export function parseRateId(id: string): { billId: string; lineNo: number } | undefined {
  const m = /^(.+)-L(\d+)$/.exec(id);
  return m ? { billId: m[1]!, lineNo: Number(m[2]) } : undefined;
}

/**
 * TMF678's rate types: charges (recurring, usage) and credits (discounts, the SLA credits
 * assurance owes); `name` says which charge. VAT is the bill's tax item, not a rate.
 */
export const RATE_KIND = {
  recurring: { type: 'appliedBillingCharge', name: 'recurringCharge' },
  usage: { type: 'appliedBillingCharge', name: 'usageCharge' },
  discount: { type: 'appliedBillingCredit', name: 'discount' },
  slaCredit: { type: 'appliedBillingCredit', name: 'slaCredit' },
} as const;
export type RateKind = keyof typeof RATE_KIND;

/** The reference a line carries, by its kind: a product's for its recurring charge, a service's for usage. */
const REFERENCE: Record<RateKind, string> = {
  recurring: 'productId',
  usage: 'serviceId',
  discount: 'reference',
  slaCredit: 'slaCreditId',
};

/**
 * A line of a bill as an applied customer billing rate: its amount before tax (a credit is
 * negative, so a bill's rates add up to its tax-excluded amount), the bill it is on, and the
 * product it charges where the line names one.
 */
export function rateFromLine(spec: TmfSpec, l: BilledLine) {
  const kind = l.kind as RateKind;
  const id = rateId(l.billId, l.lineNo);
  return {
    id,
    href: appliedRateHref(id),
    ...defined({
      name: RATE_KIND[kind].name,
      type: RATE_KIND[kind].type,
      description: l.description,
      date: l.issuedAt,
      isBilled: true,
      bill: { id: l.billId, href: customerBillHref(l.billId), '@referredType': 'CustomerBill' },
      billingAccount: billingAccountRef(l.billingAccountId),
      periodCoverage: { startDateTime: l.periodStart, endDateTime: l.periodEnd },
      taxExcludedAmount: money(l.amountMinor, l.currency),
      appliedTax: [{ taxCategory: 'VAT', taxRate: VAT_RATE }],
      product: kind === 'recurring' && l.reference ? productRef(l.reference) : undefined,
      characteristic: [
        { name: 'quantity', valueType: 'integer', value: l.quantity },
        ...(l.reference ? [{ name: REFERENCE[kind], valueType: 'string', value: l.reference }] : []),
      ],
    }),
    ...typed(spec, 'AppliedCustomerBillingRate'),
  } satisfies Resource;
}
