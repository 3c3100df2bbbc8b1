import { z } from 'zod';

/**
 * A price tier of an offering's recurring charge (#12): a product whose numeric characteristic
 * is at most `atMost` pays `recurringMinor` a month. The catalog holds the tiers, so a speed
 * change is priced from data, and its proration shows on the next bill.
 */
export const RecurringTier = z.object({
  characteristic: z.string(),
  atMost: z.number(),
  recurringMinor: z.number().int(),
});
export type RecurringTier = z.infer<typeof RecurringTier>;

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
  /** Lower prices by characteristic, smallest `atMost` first; above every tier, `recurringMinor`. */
  recurringTiers: z.array(RecurringTier),
});
export type ProductOffering = z.infer<typeof ProductOffering>;

/**
 * The monthly price of the offering for a product with these characteristics: the first tier
 * (smallest `atMost`) the product's value fits in, else the offering's own `recurringMinor`.
 * A characteristic absent or not a number fits no tier: the list price applies.
 */
export function recurringFor(
  offering: Pick<ProductOffering, 'recurringMinor' | 'recurringTiers'>,
  characteristics: Readonly<Record<string, unknown>>,
): number {
  const tiers = [...offering.recurringTiers].sort((a, b) => a.atMost - b.atMost);
  for (const t of tiers) {
    const v = characteristics[t.characteristic];
    if (typeof v === 'number' && v <= t.atMost) return t.recurringMinor;
  }
  return offering.recurringMinor;
}

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

/** The offering as priced for a product with these characteristics (its tier's recurring price). */
export const pricedFor = (offering: ProductOffering, characteristics: Readonly<Record<string, unknown>>) => ({
  ...offering,
  recurringMinor: recurringFor(offering, characteristics),
});
