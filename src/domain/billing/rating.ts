import { z } from 'zod';
import { UsageType } from './usage';

/**
 * Tariffs (reference data from the product catalog) and the charging algorithm of
 * 1.B.2.5.2: quantities rounded up to whole charging units, the allowance of the bundle used
 * first, then tiers on the cycle's cumulative units, at the peak or off-peak price of the
 * time of day. Money is integer minor units; every charge is units × an integer price.
 */
export const Tier = z.object({
  /** Cumulative units in the cycle (allowance included) up to which this tier applies; null: no limit. */
  upTo: z.number().int().positive().nullable(),
  priceMinor: z.number().int().nonnegative(),
  /** The price outside peak hours; null: same as peak. */
  offPeakPriceMinor: z.number().int().nonnegative().nullable(),
});
export type Tier = z.infer<typeof Tier>;

export const Tariff = z.object({
  id: z.string(),
  productOfferingId: z.string(),
  usageType: UsageType,
  name: z.string(),
  /** Seconds (voice) or megabytes (data) in one charging unit; every started unit is charged. */
  unitSize: z.number().int().positive(),
  unitLabel: z.string(),
  /** Units included in the recurring charge, per bill cycle (the bundle). */
  allowanceUnits: z.number().int().nonnegative(),
  tiers: z.array(Tier).min(1),
  /** Peak hours, UTC, Monday to Friday: [start, end). Null: one price all day. */
  peak: z.object({ startHour: z.number().int().min(0).max(23), endHour: z.number().int().min(1).max(24) }).nullable(),
  currency: z.string().length(3),
});
export type Tariff = z.infer<typeof Tariff>;

export const unitsOf = (quantity: number, unitSize: number): number => Math.ceil(quantity / unitSize);

/** Peak time: a weekday hour within the tariff's peak hours (UTC). Arithmetic, not Date: rating runs per record. */
export function isPeak(tariff: Pick<Tariff, 'peak'>, startedAtMs: number): boolean {
  if (!tariff.peak) return true;
  const hours = Math.floor(startedAtMs / 3_600_000);
  const hour = hours % 24;
  const day = (Math.floor(hours / 24) + 4) % 7; // 1970-01-01 was a Thursday (4)
  return day >= 1 && day <= 5 && hour >= tariff.peak.startHour && hour < tariff.peak.endHour;
}

export interface RatedPart {
  tier: number;
  units: number;
  priceMinor: number;
}
export interface Rating {
  units: number;
  allowanceUnits: number;
  chargeMinor: number;
  peak: boolean;
  parts: RatedPart[];
}

/**
 * Rates one record of `units` charging units, `usedBefore` units into the cycle. Pure: the
 * caller keeps the cycle counter (usedBefore + units after).
 */
export function rate(tariff: Tariff, usedBefore: number, units: number, peak: boolean): Rating {
  let position = usedBefore;
  let remaining = units;
  const allowance = Math.min(remaining, Math.max(0, tariff.allowanceUnits - position));
  position += allowance;
  remaining -= allowance;
  const parts: RatedPart[] = [];
  let chargeMinor = 0;
  for (let i = 0; i < tariff.tiers.length && remaining > 0; i++) {
    const t = tariff.tiers[i]!;
    const room = t.upTo === null ? remaining : Math.max(0, t.upTo - position);
    const inTier = Math.min(remaining, room);
    if (inTier === 0) continue;
    const priceMinor = peak || t.offPeakPriceMinor === null ? t.priceMinor : t.offPeakPriceMinor;
    parts.push({ tier: i + 1, units: inTier, priceMinor });
    chargeMinor += inTier * priceMinor;
    position += inTier;
    remaining -= inTier;
  }
  return { units, allowanceUnits: allowance, chargeMinor, peak, parts };
}

/**
 * What one service has used of one usage type in the bill cycle, under the tariff that rates
 * it. Allowances and tiers apply to the cycle's cumulative units, so records are rated
 * against it in the order they happened.
 */
export interface CycleCounter {
  readonly tariff: Tariff;
  unitsUsed: number;
}

/** Rates one record of `quantity` (seconds or megabytes) started at `startedAtMs`, and moves the counter on. */
export function rateOnCounter(counter: CycleCounter, quantity: number, startedAtMs: number): Rating {
  const { tariff } = counter;
  const rating = rate(tariff, counter.unitsUsed, unitsOf(quantity, tariff.unitSize), isPeak(tariff, startedAtMs));
  counter.unitsUsed += rating.units;
  return rating;
}
