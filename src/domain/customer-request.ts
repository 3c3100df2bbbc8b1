import { z } from 'zod';
import { CustomerRequest } from './customer';

/**
 * A customer request as Manage Request (1.FAB.1.2.2) leaves it: handed to the process that
 * serves it, or answered at once. The customer interaction and the order workflows read it.
 */
export const ManageRequestOutput = z.object({
  request: CustomerRequest,
  /** The eTOM process the request was handed to, or null when it was answered at once. */
  routedTo: z.string().nullable(),
  /** What the customer was told straight away when the request was self-served. */
  answer: z.record(z.string(), z.unknown()).nullable(),
});
export type ManageRequestOutput = z.infer<typeof ManageRequestOutput>;
