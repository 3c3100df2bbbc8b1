import { z } from 'zod';

/**
 * The final bill of a cease (#12, contract 4): Order Handling starts it when a cease item
 * completes, naming the ceased products, the account they are billed to and the cease date.
 */
export const FinalBillInput = z.object({
  billingAccountId: z.string().min(1).max(200),
  productIds: z.array(z.string().min(1).max(200)).min(1).max(100),
  ceasedAt: z.iso.datetime(),
  orderId: z.string().min(1).max(200),
});
export type FinalBillInput = z.infer<typeof FinalBillInput>;

/** The bill made (its total, and how many charge lines it has, tax aside). */
export interface FinalBillResult {
  billId: string | null;
  totalMinor: number;
  lines: number;
}
