import { z } from 'zod';

export const ProductOffering = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  recurringMinor: z.number().int(),
  oneTimeMinor: z.number().int(),
  leadTimeDays: z.number().int(),
  segment: z.string(),
  /** The customer-facing services the offering decomposes into. */
  cfsSpecIds: z.array(z.string()),
});
export type ProductOffering = z.infer<typeof ProductOffering>;

export const CfsSpec = z.object({
  id: z.string(),
  name: z.string(),
  serviceType: z.string(),
  needsOnsiteWork: z.boolean(),
  technicianSkill: z.string().nullable(),
  parameters: z.array(z.string()),
  resources: z.array(
    z.object({
      resourceSpecId: z.string(),
      resourceType: z.string(),
      quantity: z.number().int(),
      role: z.enum(['resource', 'identifier']),
    }),
  ),
});
export type CfsSpec = z.infer<typeof CfsSpec>;
