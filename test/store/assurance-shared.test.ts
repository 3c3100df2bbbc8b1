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
});
