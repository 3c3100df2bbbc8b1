import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import type { SlaCreditPort } from '../../src/ports/sla-credits';
import { rejection } from './harness';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The SLA credits' contract (written by 1.A.1.7.2, applied by 1.B.1.8.2), for every adapter
 * (docs/ADAPTERS.md): a credit recorded once per key in minor units, pending until a bill applies
 * it, all or nothing, once — also when two bills apply the same credit at once.
 */

export const NOW = '2026-04-01T06:00:00.000Z';

export type SlaCreditHarness = StoreHarness<SlaCreditPort>;

const customer = (id: string): Fixture => [
  'customers',
  { id, name: id, segment: 'business', region: 'PAR', email: `${id}@example.test`, status: 'active', created_at: NOW },
];
const FIXTURES: readonly Fixture[] = [customer('CUST-1'), customer('CUST-2')];

const credit = (customerId: string, amountMinor: number) => ({
  customerId,
  productId: 'PRD-1',
  serviceId: 'SVC-1',
  slaId: 'PO-FIBRE-BIZ',
  periodStart: '2026-03-01T00:00:00.000Z',
  periodEnd: '2026-04-01T00:00:00.000Z',
  amountMinor,
  currency: 'EUR',
  reason: 'availability 99.1% < 99.9%',
});

export function slaCreditsContract(adapter: string, make: () => Promise<SlaCreditHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`SLA credits port on ${adapter}`, () => {
    it(
      'recorded once per key, in minor units, pending until applied to a bill',
      withStore(async (h) => {
        const a = await h.port.record('k/a', credit('CUST-1', 2_500));
        expect(a).toEqual({
          id: 'CR-000001',
          ...credit('CUST-1', 2_500),
          state: 'pending',
          appliedToBillId: null,
          createdAt: NOW,
        });
        expect(await h.port.record('k/a', credit('CUST-1', 2_500))).toEqual(a);
        const b = await h.port.record('k/b', credit('CUST-1', 9_007_199_254));
        await h.port.record('k/c', credit('CUST-2', 100));
        expect((await h.port.pending('CUST-1')).map((c) => [c.id, c.amountMinor])).toEqual([
          ['CR-000001', 2_500],
          ['CR-000002', 9_007_199_254],
        ]);
        const applied = await h.port.markApplied('k/apply', [b.id, a.id], 'BILL-1');
        expect(applied.map((c) => [c.id, c.state, c.appliedToBillId])).toEqual([
          [b.id, 'applied', 'BILL-1'],
          [a.id, 'applied', 'BILL-1'],
        ]);
        expect(await h.port.markApplied('k/apply', [b.id, a.id], 'BILL-1')).toEqual(applied);
        expect(await h.port.pending('CUST-1')).toEqual([]);
        expect((await h.port.byCustomer('CUST-1')).map((c) => c.id)).toEqual([a.id, b.id]);
        expect(await h.port.get('CR-NONE')).toBeUndefined();
        expect(await h.count('sla_credits')).toBe(3);
      }),
    );

    it(
      'all or nothing: one credit not pending, or not there, refuses the batch and applies none; the key stays free',
      withStore(async (h) => {
        const a = await h.port.record('k/a', credit('CUST-1', 100));
        const b = await h.port.record('k/b', credit('CUST-1', 200));
        await h.port.markApplied('k/first', [a.id], 'BILL-1');
        const err = await rejection(h.port.markApplied('k/apply', [b.id, a.id], 'BILL-2'));
        expect(err.type).toBe(BusinessErrorType.InvalidStateTransition);
        expect((await rejection(h.port.markApplied('k/apply', [b.id, 'CR-NONE'], 'BILL-2'))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect(await h.port.get(b.id)).toMatchObject({ state: 'pending', appliedToBillId: null });
        expect(await h.port.get(a.id)).toMatchObject({ state: 'applied', appliedToBillId: 'BILL-1' });
        expect((await h.port.markApplied('k/apply', [b.id], 'BILL-2'))[0]).toMatchObject({ appliedToBillId: 'BILL-2' });
      }),
    );

    it(
      'concurrent workers: two bills applying the same credits at once apply them once',
      withStore(async (h) => {
        const ids: string[] = [];
        for (const n of [1, 2, 3]) ids.push((await h.port.record(`k/${n}`, credit('CUST-1', n * 100))).id);
        const results = await Promise.allSettled(
          ['BILL-1', 'BILL-2'].map((bill) => h.port.markApplied(`k/${bill}`, ids, bill)),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).toMatchObject({ type: BusinessErrorType.InvalidStateTransition });
        const bills = new Set((await h.port.byCustomer('CUST-1')).map((c) => c.appliedToBillId));
        expect(bills.size).toBe(1);
        expect([...bills][0]).toMatch(/^BILL-[12]$/);
      }),
    );
  });
}
