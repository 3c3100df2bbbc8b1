import type { SlaBreach } from '../../../src/ports/customer-sla';

/**
 * The credit policy: a credit is a share of the product's recurring charge for the period
 * assessed (the monthly charge prorated over a 30-day month), 5 % of it per started 0.1 point
 * of availability below the objective, 10 % when restoration took longer on average than
 * promised; all the credits of one product for one period together never exceed 50 %.
 */
export const CREDIT_POLICY = {
  monthMinutes: 30 * 24 * 60,
  availabilityStepBp: 10,
  pctPerAvailabilityStep: 5,
  restoreTimePct: 10,
  capPct: 50,
} as const;

/** The share (in %) of the period's charge a service's breaches earn, before the product's cap. */
export function creditPct(breaches: readonly SlaBreach[]): number {
  let pct = 0;
  for (const b of breaches) {
    if (b.kind === 'availability') {
      pct +=
        Math.ceil((b.objective - b.achieved) / CREDIT_POLICY.availabilityStepBp) * CREDIT_POLICY.pctPerAvailabilityStep;
    } else {
      pct += CREDIT_POLICY.restoreTimePct;
    }
  }
  return Math.min(pct, CREDIT_POLICY.capPct);
}

/** The product's recurring charge for the period, in minor units (not rounded). */
export function periodCharge(recurringMinor: number, periodStart: string, periodEnd: string): number {
  const minutes = (Date.parse(periodEnd) - Date.parse(periodStart)) / 60_000;
  return (recurringMinor * minutes) / CREDIT_POLICY.monthMinutes;
}
