import { z } from 'zod';
import { PartnerProblemUpdate } from './messages';
import { PartnerProblemState } from './states';

/**
 * What S/P Problem Reporting & Management (1.A.4.3) answers after each step on a partner
 * problem: where the problem stands with the supplier, and the update SM&O should hear, if any
 * (the partner problem workflow sends it).
 */
export const PartnerProblemView = z.object({
  partnerProblemId: z.string().min(1),
  state: PartnerProblemState,
  supplierReference: z.string().nullable(),
  escalated: z.boolean(),
  reopened: z.number().int().nonnegative(),
  resolution: z.string().nullable(),
  /** Nothing changed (a report already recorded, a step already taken). */
  duplicate: z.boolean(),
  /** What SM&O is to be told (1.A.4.3.2 and 1.A.4.3.3 report to other processes), or null. */
  update: PartnerProblemUpdate.nullable(),
});
export type PartnerProblemView = z.infer<typeof PartnerProblemView>;
