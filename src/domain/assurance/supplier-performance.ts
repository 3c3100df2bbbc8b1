import { z } from 'zod';

/** S/P Performance Management (1.A.4.4) scores one supplier over one period: that request, and its scorecard. */

/** Input of S/PRM `partnerPerformance`, one supplier and one period; workflow id e.g. `SPP-${supplierId}-${periodEnd}`. */
export const PartnerPerformanceRequest = z
  .object({
    supplierId: z.string().min(1),
    periodStart: z.iso.datetime(),
    periodEnd: z.iso.datetime(),
  })
  .refine((p) => p.periodStart < p.periodEnd, { message: 'the period must end after it starts' });
export type PartnerPerformanceRequest = z.input<typeof PartnerPerformanceRequest>;

/** The supplier's period as measured (1.A.4.4.1), restored (1.A.4.4.2) and scored (1.A.4.4.3). */
export const SupplierScorecard = z.object({
  supplierId: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  suppliedResources: z.number().int().nonnegative(),
  problems: z.number().int().nonnegative(),
  resolved: z.number().int().nonnegative(),
  escalations: z.number().int().nonnegative(),
  downtimeMinutes: z.number().int().nonnegative(),
  meanTimeToAcknowledgeMinutes: z.number().int().nonnegative().nullable(),
  meanTimeToResolveMinutes: z.number().int().nonnegative().nullable(),
  availabilityBp: z.number().int().min(0).max(10000),
  slaBp: z.number().int(),
  slaMet: z.boolean(),
  restorationReference: z.string().nullable(),
  restorationDetail: z.string().nullable(),
  restorationRequestedAt: z.string().nullable(),
  ratingBefore: z.number().int().nullable(),
  ratingAfter: z.number().int().nullable(),
  scoredAt: z.string().nullable(),
});
export type SupplierScorecard = z.infer<typeof SupplierScorecard>;
