import { z } from 'zod';

/** Supplier/partner settlement (S/PRM, 1.B.4.5). Money: integer minor units. */

export const SupplierInvoiceState = z.enum(['received', 'assessed', 'disputed', 'approved', 'paid']);
export type SupplierInvoiceState = z.infer<typeof SupplierInvoiceState>;

export const SupplierInvoiceLine = z.object({
  lineNo: z.number().int().positive(),
  reference: z.string(),
  description: z.string(),
  amountMinor: z.number().int(),
  /** What our records say this line should be (1.B.4.5.2); null: not in our records. */
  expectedMinor: z.number().int().nullable(),
});
export type SupplierInvoiceLine = z.infer<typeof SupplierInvoiceLine>;

export const SupplierInvoice = z.object({
  id: z.string(),
  supplierId: z.string(),
  supplierReference: z.string(),
  period: z.string(),
  state: SupplierInvoiceState,
  totalMinor: z.number().int(),
  expectedMinor: z.number().int().nullable(),
  approvedMinor: z.number().int().nullable(),
  lines: z.array(SupplierInvoiceLine),
});
export type SupplierInvoice = z.infer<typeof SupplierInvoice>;

/** Our record of one thing a supplier provides us in a period (1.B.4.5.1). */
export const SupplierUsage = z.object({
  supplierId: z.string(),
  contractId: z.string(),
  resourceId: z.string(),
  period: z.string(),
  expectedMinor: z.number().int(),
  revenueSharePct: z.number(),
});
export type SupplierUsage = z.infer<typeof SupplierUsage>;

/**
 * A supplier's bill for a period as the supplier sends it (what 1.B.4.5.2 receives): its own
 * reference and its lines, each naming what it charges by the supplier's reference for it (the
 * product it delivered us, or the circuit's reference). Integer minor units; a credit is negative.
 */
export const SupplierBill = z.object({
  supplierReference: z.string().min(1),
  lines: z.array(
    z.object({
      reference: z.string().min(1),
      description: z.string(),
      amountMinor: z.number().int(),
    }),
  ),
});
export type SupplierBill = z.infer<typeof SupplierBill>;

/** What we contest on a supplier's bill (1.B.4.5.3), as the supplier is asked. */
export const SupplierBillClaim = z.object({
  /** The supplier's reference of the bill. */
  supplierReference: z.string(),
  amountMinor: z.number().int(),
  reason: z.string(),
  /** A line bills a resource above its contract price (not only lines we have no record of). */
  aboveContract: z.boolean(),
});
export type SupplierBillClaim = z.infer<typeof SupplierBillClaim>;

/** The supplier's answer to a dispute; `open`: not answered (yet), the amount is withheld meanwhile. */
export const SupplierDisputeAnswer = z.enum(['open', 'accepted', 'refused']);
export type SupplierDisputeAnswer = z.infer<typeof SupplierDisputeAnswer>;

/** Whether an invoice bills some line above what its contract says (a dispute's strongest case). */
export const billsAboveContract = (inv: SupplierInvoice): boolean =>
  inv.lines.some((l) => l.expectedMinor !== null && l.amountMinor > l.expectedMinor);

/** What we contest on an invoice: what it bills beyond our records, line by line; null when nothing. */
export function claimOf(inv: SupplierInvoice): SupplierBillClaim | null {
  const difference = inv.totalMinor - (inv.expectedMinor ?? 0);
  if (difference <= 0) return null;
  return {
    supplierReference: inv.supplierReference,
    amountMinor: difference,
    aboveContract: billsAboveContract(inv),
    reason: inv.lines
      .filter((l) => l.expectedMinor === null || l.amountMinor !== l.expectedMinor)
      .map(
        (l) =>
          `${l.reference}: billed ${l.amountMinor}, ${l.expectedMinor === null ? 'not in our records' : `contract ${l.expectedMinor}`}`,
      )
      .join('; '),
  };
}

/** What a supplier's answer to a dispute settles, as the dispute records it. */
export const RESOLUTION = {
  accepted: 'supplier concedes the contract price; credit note to follow',
  refused: 'supplier maintains its invoice',
} as const;
