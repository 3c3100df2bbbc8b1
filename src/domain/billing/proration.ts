/**
 * Proration of recurring charges (#12): a product's price and status over time (its charge
 * periods, product inventory history) charged for the part of a bill's period each covers.
 * Days are UTC calendar days: a period from one date to another counts the days from the first
 * date up to the second, the second not included — a change on the 20th bills the old price up
 * to the 19th and the new one from the 20th, and no day is billed twice.
 */

const DAY_MS = 86_400_000;

/** One period of a product's price and status; `validTo` null while it is open. */
export interface ChargePeriod {
  validFrom: string;
  validTo: string | null;
  recurringMinor: number;
  status: 'active' | 'suspended' | 'terminated';
}

/** A prorated recurring charge: the days of the period it bills, and its amount in minor units. */
export interface ProratedCharge {
  from: string;
  to: string;
  days: number;
  ofDays: number;
  recurringMinor: number;
  amountMinor: number;
}

/** The UTC date of an instant, as a day number. */
const dayOf = (iso: string) => Math.floor(Date.parse(iso) / DAY_MS);
/** The date `YYYY-MM-DD` of a day number. */
export const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Whole days between two instants, by their UTC dates. */
export const daysBetween = (from: string, to: string) => dayOf(to) - dayOf(from);

/**
 * The charges of `periods` over the window [from, to), each `recurring × days / ofDays` where
 * `ofDays` is the length of the bill period the monthly charge is for. Rounded half up to the
 * minor unit per line (the customer sees each line's amount, so each is whole; the rounding
 * never exceeds half a minor unit per line). Only `active` periods are charged: a product
 * suspended for debt is not delivered, and 1.B.1.8.4 bills what is delivered. A period whose
 * overlap is under a day charges nothing.
 */
export function prorate(
  periods: readonly ChargePeriod[],
  window: { from: string; to: string },
  ofDays: number,
): ProratedCharge[] {
  if (ofDays <= 0) return [];
  const wFrom = dayOf(window.from);
  const wTo = dayOf(window.to);
  const out: ProratedCharge[] = [];
  for (const p of periods) {
    if (p.status !== 'active') continue;
    const from = Math.max(wFrom, dayOf(p.validFrom));
    const to = Math.min(wTo, p.validTo === null ? wTo : dayOf(p.validTo));
    const days = to - from;
    if (days <= 0) continue;
    out.push({
      from: dateOf(from),
      to: dateOf(to),
      days,
      ofDays,
      recurringMinor: p.recurringMinor,
      amountMinor: Math.round((p.recurringMinor * days) / ofDays),
    });
  }
  return out;
}

/**
 * The days a monthly charge stands for outside a bill cycle (a final bill on a cease): the
 * length of the cycle 1.B.1.8.4 opens when none came before (30 days).
 */
export const FINAL_BILL_MONTH_DAYS = 30;
