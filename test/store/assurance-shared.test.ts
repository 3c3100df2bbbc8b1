import { describe, expect, it } from 'vitest';
import { useTestStore } from '../support/store';

const t = useTestStore();

describe('what assurance leaves for quality and billing', () => {
  it('keeps an SLA credit once per key, lists it pending, and applies it to one bill only', async () => {
    const credit = {
      customerId: 'CUST-1001',
      productId: null,
      serviceId: 'SVC-1',
      slaId: 'PO-FIBRE-1G',
      periodStart: '2026-11-01T00:00:00.000Z',
      periodEnd: '2026-12-01T00:00:00.000Z',
      amountMinor: 1250,
      currency: 'EUR',
      reason: 'availability 99.10 % < 99.90 %',
    };
    const first = await t.store.ports.slaCredits.record('k1', credit);
    const again = await t.store.ports.slaCredits.record('k1', credit);
    expect(again.id).toBe(first.id);
    expect(await t.store.ports.slaCredits.pending('CUST-1001')).toHaveLength(1);

    const [applied] = await t.store.ports.slaCredits.markApplied('k2', [first.id], 'BILL-1');
    expect(applied).toMatchObject({ state: 'applied', appliedToBillId: 'BILL-1' });
    expect(await t.store.ports.slaCredits.pending('CUST-1001')).toHaveLength(0);
    await expect(t.store.ports.slaCredits.markApplied('k3', [first.id], 'BILL-2')).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });

  it('finds the outages that overlap a period, for one service or all', async () => {
    const o = { customerId: 'CUST-1001', serviceProblemId: 'SP-1', cause: 'resource' };
    await t.store.ports.serviceOutages.record('a', {
      ...o,
      serviceId: 'SVC-1',
      startedAt: '2026-10-31T23:00:00.000Z',
      restoredAt: '2026-11-01T01:00:00.000Z',
    });
    await t.store.ports.serviceOutages.record('b', {
      ...o,
      serviceId: 'SVC-2',
      startedAt: '2026-11-10T00:00:00.000Z',
      restoredAt: '2026-11-10T00:30:00.000Z',
    });
    await t.store.ports.serviceOutages.record('b', {
      ...o,
      serviceId: 'SVC-2',
      startedAt: '2026-11-10T00:00:00.000Z',
      restoredAt: '2026-11-10T00:30:00.000Z',
    });
    const nov = ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'] as const;
    expect((await t.store.ports.serviceOutages.overlapping(...nov)).map((x) => x.serviceId)).toEqual([
      'SVC-1',
      'SVC-2',
    ]);
    expect(await t.store.ports.serviceOutages.overlapping(...nov, 'SVC-2')).toHaveLength(1);
    expect(
      await t.store.ports.serviceOutages.overlapping('2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'),
    ).toEqual([]);
  });
});
