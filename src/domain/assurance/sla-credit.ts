import { z } from 'zod';

/**
 * A credit owed to a customer for an SLA violation (1.A.1.7.2 Manage QoS/SLA Violation
 * records it; 1.B.1.8.2 Apply Pricing, Discounting & Rebates applies it to the next bill).
 * Money is integer minor units.
 */
export const SlaCredit = z.object({
  id: z.string(),
  customerId: z.string(),
  productId: z.string().nullable(),
  serviceId: z.string().nullable(),
  /** The SLA (or product offering) whose objective was missed, and the period assessed. */
  slaId: z.string(),
  periodStart: z.iso.datetime(),
  periodEnd: z.iso.datetime(),
  amountMinor: z.number().int().positive(),
  currency: z.string().length(3),
  reason: z.string(),
  state: z.enum(['pending', 'applied', 'cancelled']),
  /** The bill that applied it (1.B.1.8.2), once applied. */
  appliedToBillId: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type SlaCredit = z.infer<typeof SlaCredit>;
