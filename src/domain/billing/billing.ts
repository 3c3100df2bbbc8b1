import { z } from 'zod';
import { Duration } from '../fulfilment/timings';

/** Bills, collections and inquiries of CRM Billing & Collections Management (1.B.1.8). Money: integer minor units. */

export const BillState = z.enum(['draft', 'issued', 'paid', 'overdue', 'cancelled']);
export type BillState = z.infer<typeof BillState>;

export const BillLineKind = z.enum(['recurring', 'usage', 'discount', 'slaCredit', 'tax']);
export type BillLineKind = z.infer<typeof BillLineKind>;

export const BillLine = z.object({
  lineNo: z.number().int().positive(),
  kind: BillLineKind,
  description: z.string(),
  reference: z.string().nullable(),
  quantity: z.number().int(),
  amountMinor: z.number().int(),
});
export type BillLine = z.infer<typeof BillLine>;

export const Bill = z.object({
  id: z.string(),
  billRunId: z.string(),
  billingAccountId: z.string(),
  customerId: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  currency: z.string(),
  state: BillState,
  netMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
  paidMinor: z.number().int(),
  issuedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  documentPath: z.string().nullable(),
  lines: z.array(BillLine),
});
export type Bill = z.infer<typeof Bill>;

/** VAT on the net amount, in basis points (20 %). */
export const VAT_BASIS_POINTS = 2000;
/** Half-up rounding of a tax in minor units. */
export const taxOf = (netMinor: number): number => Math.round((Math.max(0, netMinor) * VAT_BASIS_POINTS) / 10_000);

export const DunningAction = z.enum(['reminder', 'finalNotice', 'suspension', 'restoration']);
export type DunningAction = z.infer<typeof DunningAction>;

/** Every wait of billing and collections; the demo and tests pass seconds. */
export const BillingTimings = z.object({
  /** Payment term of a bill from its issue (1.B.1.8.3 → 1.B.1.8.5). */
  paymentTerm: Duration.prefault('30 days'),
  /** Between two dunning steps (reminder, final notice, suspension). */
  dunningInterval: Duration.prefault('10 days'),
  /** After suspension, how long collections waits for the payment before handing the debt on. */
  suspensionWait: Duration.prefault('60 days'),
});
export type BillingTimings = z.output<typeof BillingTimings>;
export type BillingTimingsInput = z.input<typeof BillingTimings>;

export const DEMO_BILLING_TIMINGS: BillingTimingsInput = {
  paymentTerm: '3 seconds',
  dunningInterval: '1 second',
  suspensionWait: '2 minutes',
};

/** The bill cycle's request: the Schedule starts it with no period, and it bills up to its own start. */
export const BillRunRequest = z.object({
  billRunId: z.string().min(1).optional(),
  timings: BillingTimings.prefault({}),
  /** Where the bill documents are written; the adapter's default if absent. */
  invoiceDir: z.string().min(1).optional(),
  /** Settle with suppliers in the same cycle (S/PRM). */
  settle: z.boolean().default(true),
});
export type BillRunRequest = z.output<typeof BillRunRequest>;
export type BillRunRequestInput = z.input<typeof BillRunRequest>;

export const PaymentNotice = z.object({
  amountMinor: z.number().int().positive(),
  reference: z.string().min(1),
});
export type PaymentNotice = z.infer<typeof PaymentNotice>;
