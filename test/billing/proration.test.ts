import { describe, expect, it } from 'vitest';
import { type ChargePeriod, daysBetween, prorate } from '../../src/domain/billing/proration';

const window = { from: '2026-11-01T02:00:00.000Z', to: '2026-12-01T02:00:00.000Z' };
/** A period from one instant to another (null: still open). */
const period = (
  validFrom: string,
  validTo: string | null,
  recurringMinor: number,
  status: ChargePeriod['status'] = 'active',
): ChargePeriod => ({ validFrom, validTo, recurringMinor, status });
const open = (validFrom: string, recurringMinor: number) => period(validFrom, null, recurringMinor);

describe('prorate (recurring charges from the product charge periods)', () => {
  it('charges a product active over the whole bill period its monthly charge', () => {
    expect(daysBetween(window.from, window.to)).toBe(30);
    expect(prorate([open('2026-06-01T08:00:00.000Z', 4_990)], window, 30)).toEqual([
      { from: '2026-11-01', to: '2026-12-01', days: 30, ofDays: 30, recurringMinor: 4_990, amountMinor: 4_990 },
    ]);
  });

  it('gives a modify mid-period two lines, the old price up to the day before the change, the new one from it', () => {
    const lines = prorate(
      [period('2026-06-01T08:00:00.000Z', '2026-11-21T15:30:00.000Z', 3_000), open('2026-11-21T15:30:00.000Z', 4_500)],
      window,
      30,
    );
    expect(lines.map((l) => [l.from, l.to, l.days, l.amountMinor])).toEqual([
      ['2026-11-01', '2026-11-21', 20, 2_000],
      ['2026-11-21', '2026-12-01', 10, 1_500],
    ]);
  });

  it('charges a ceased product up to its cease date, and nothing while suspended', () => {
    const ceased = prorate([period('2026-01-01T00:00:00.000Z', '2026-11-11T09:00:00.000Z', 2_999)], window, 30);
    // 2999 × 10 / 30 = 999.67 → 1000, half up to the minor unit.
    expect(ceased).toMatchObject([{ from: '2026-11-01', to: '2026-11-11', days: 10, amountMinor: 1_000 }]);
    const suspended = prorate(
      [
        period('2026-01-01T00:00:00.000Z', '2026-11-16T00:00:00.000Z', 3_000),
        period('2026-11-16T00:00:00.000Z', '2026-11-26T00:00:00.000Z', 3_000, 'suspended'),
        open('2026-11-26T00:00:00.000Z', 3_000),
      ],
      window,
      30,
    );
    expect(suspended.map((l) => [l.from, l.to, l.amountMinor])).toEqual([
      ['2026-11-01', '2026-11-16', 1_500],
      ['2026-11-26', '2026-12-01', 500],
    ]);
  });

  it('charges nothing for a period shorter than a day, or outside the window', () => {
    expect(
      prorate([open('2026-06-01T08:00:00.000Z', 4_990)], { from: window.to, to: '2026-12-01T09:00:00.000Z' }, 0),
    ).toEqual([]);
    expect(prorate([open('2026-12-05T00:00:00.000Z', 4_990)], window, 30)).toEqual([]);
  });
});
