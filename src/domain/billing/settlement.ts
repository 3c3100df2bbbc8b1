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
