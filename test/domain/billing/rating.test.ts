import { describe, expect, it } from 'vitest';
import { type CycleCounter, rate, rateOnCounter, type Tariff } from '../../../src/domain/billing/rating';

/** 60-second units, 10 included, 1..30 at 12 (6 off-peak), beyond at 8; peak 08:00–20:00 UTC on weekdays. */
const VOICE: Tariff = {
  id: 'T-VOICE',
  productOfferingId: 'PO-VOICE-LINE',
  usageType: 'voice',
  name: 'voice',
  unitSize: 60,
  unitLabel: 'minute',
  allowanceUnits: 10,
  tiers: [
    { upTo: 30, priceMinor: 12, offPeakPriceMinor: 6 },
    { upTo: null, priceMinor: 8, offPeakPriceMinor: null },
  ],
  peak: { startHour: 8, endHour: 20 },
  currency: 'EUR',
};
const MONDAY_NOON = Date.parse('2026-06-15T12:00:00Z');
const MONDAY_NIGHT = Date.parse('2026-06-15T20:00:00Z');

describe('rating against the cycle counter (1.B.2.5.2)', () => {
  it('uses the allowance first, then the tiers on the cumulative units, and moves the counter on', () => {
    const counter: CycleCounter = { tariff: VOICE, unitsUsed: 0 };
    // 8 minutes 1 second: 9 started minutes, all in the allowance.
    expect(rateOnCounter(counter, 481, MONDAY_NOON)).toMatchObject({ units: 9, allowanceUnits: 9, chargeMinor: 0 });
    expect(counter.unitsUsed).toBe(9);
    // 25 minutes: 1 left in the allowance, 20 in tier 1 (up to 30), 4 in tier 2.
    const r = rateOnCounter(counter, 25 * 60, MONDAY_NOON);
    expect(r).toMatchObject({ units: 25, allowanceUnits: 1, chargeMinor: 20 * 12 + 4 * 8, peak: true });
    expect(r.parts).toEqual([
      { tier: 1, units: 20, priceMinor: 12 },
      { tier: 2, units: 4, priceMinor: 8 },
    ]);
    expect(counter.unitsUsed).toBe(34);
  });

  it('charges the off-peak price from 20:00, where the tier has one', () => {
    const counter: CycleCounter = { tariff: VOICE, unitsUsed: 10 };
    expect(rateOnCounter(counter, 120, MONDAY_NIGHT)).toMatchObject({ chargeMinor: 2 * 6, peak: false });
    expect(rateOnCounter(counter, 120, MONDAY_NIGHT - 1000)).toMatchObject({ chargeMinor: 2 * 12, peak: true });
  });

  it('gives what rate() gives for the same position in the cycle', () => {
    const counter: CycleCounter = { tariff: VOICE, unitsUsed: 0 };
    let used = 0;
    for (const seconds of [59, 60, 61, 3600, 1, 900, 7200]) {
      const expected = rate(VOICE, used, Math.ceil(seconds / 60), true);
      expect(rateOnCounter(counter, seconds, MONDAY_NOON)).toEqual(expected);
      used += expected.units;
      expect(counter.unitsUsed).toBe(used);
    }
  });
});
