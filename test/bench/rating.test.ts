import { describe, expect, it } from 'vitest';
import { meteredTariffs, rateAll, usageFile } from '../../bench/rating';
import { isPeak, rate, type Tariff, unitsOf } from '../../src/domain/billing/rating';
import { useTestStore } from '../support/store';

const t = useTestStore(undefined, { installedBase: true });

/** The same charges, computed the plain way: split, Date.parse, a counter per element. */
function plainCharges(lines: readonly string[], tariffOf: ReadonlyMap<string, Tariff>): number {
  const used = new Map<string, number>();
  let total = 0;
  for (const line of lines) {
    const [, , elementId, , startedAt, quantity] = line.split(',') as [string, string, string, string, string, string];
    const tariff = tariffOf.get(elementId)!;
    const before = used.get(elementId) ?? 0;
    const r = rate(tariff, before, unitsOf(Number(quantity), tariff.unitSize), isPeak(tariff, Date.parse(startedAt)));
    used.set(elementId, before + r.units);
    total += r.chargeMinor;
  }
  return total;
}

describe('the rating benchmark', () => {
  it('measures real rating: its total is the charge of every record, rated in turn', async () => {
    const { elements, tariffOf } = await meteredTariffs(t.store);
    expect(elements.length).toBeGreaterThan(0);
    const lines = usageFile(elements, 20_000);
    const total = rateAll(lines, tariffOf);
    expect(total).toBeGreaterThan(0);
    expect(total).toBe(plainCharges(lines, tariffOf));
  });
});
