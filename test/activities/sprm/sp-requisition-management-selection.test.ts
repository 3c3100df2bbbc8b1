import { describe, expect, it } from 'vitest';
import { rankContracts } from '../../../activities/sprm/sp-requisition-management/supplier-ranking';
import type { SupplierContract } from '../../../src/ports/partner-gateway';
import { key } from '../../support/store';
import { START, useSPRequisitionManagement } from './sp-requisition-management-support';

/** S/P requisition management chooses a supplier (1.F.4.2.1) and one that can deliver (1.F.4.2.2). */

const { t, sp, inDays, events, state, selection, fillAlpha } = useSPRequisitionManagement();
const { one, count } = t;

describe('1.F.4.2.1 selectSupplierPartner', () => {
  it('ranks the contracted suppliers, fastest delivery first, and records the candidates', async () => {
    const out = await sp.selectSupplierPartner(selection());
    expect(out).toMatchObject({
      state: 'supplierSelected',
      supplierId: 'SUP-ALPHA',
      candidates: ['SC-ALPHA-MRS-AC', 'SC-BETA-MRS-AC'],
    });
    expect(one("SELECT state, supplier_id, candidates, service_id FROM partner_orders WHERE id = 'PR-1'")).toEqual({
      state: 'supplierSelected',
      supplier_id: 'SUP-ALPHA',
      candidates: '["SC-ALPHA-MRS-AC","SC-BETA-MRS-AC"]',
      service_id: 'SVC-1',
    });
    expect(events('supplierSelected')).toBe(1);
  });

  it('prefers the cheaper supplier when both meet the required date, the only one that can when one cannot', async () => {
    expect((await sp.selectSupplierPartner(selection({ requiredBy: inDays(30) }))).candidates[0]).toBe(
      'SC-BETA-MRS-AC',
    );
    expect(
      (await sp.selectSupplierPartner(selection({ partnerOrderId: 'PR-2', requiredBy: inDays(20) }))).candidates[0],
    ).toBe('SC-ALPHA-MRS-AC');
  });

  it('finds no supplier for what nobody sells there', async () => {
    await expect(sp.selectSupplierPartner(selection({ resourceSpecId: 'RS-ACCESS-PORT' }))).rejects.toMatchObject({
      type: 'NotFeasible',
      nonRetryable: true,
    });
    expect(state()).toMatchObject({ state: 'failed' });
  });

  it('writes nothing twice when retried', async () => {
    await sp.selectSupplierPartner(selection(), key('select'));
    await sp.selectSupplierPartner(selection(), key('select'));
    expect(count("SELECT COUNT(*) FROM partner_orders WHERE id = 'PR-1'")).toBe(1);
    expect(events('supplierSelected')).toBe(1);
  });

  it('writes nothing on bad input', async () => {
    await expect(sp.selectSupplierPartner(selection({ quantity: 0 }))).rejects.toMatchObject({ type: 'InvalidInput' });
    expect(count('SELECT COUNT(*) FROM partner_orders')).toBe(0);
  });

  it('ranks by lead time, then price, rating and SLA; by price among those meeting the date', () => {
    const c = (id: string, leadTimeDays: number, priceMinor: number, supplierRating: number, availabilitySlaPct = 99) =>
      ({ id, leadTimeDays, priceMinor, supplierRating, availabilitySlaPct }) as SupplierContract;
    const offers = [c('a', 20, 1, 5), c('b', 10, 9, 1), c('c', 10, 5, 1), c('d', 10, 5, 4), c('e', 10, 5, 4, 99.9)];
    expect(rankContracts(offers).map((x) => x.id)).toEqual(['e', 'd', 'c', 'b', 'a']);
    const now = new Date(START);
    expect(rankContracts(offers, { now, requiredBy: inDays(30) }).map((x) => x.id)).toEqual(['a', 'e', 'd', 'c', 'b']);
    expect(rankContracts(offers, { now, requiredBy: inDays(15) }).map((x) => x.id)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
});

describe('1.F.4.2.2 determineSPPreRequisitionFeasibility', () => {
  it('quotes the candidates and keeps the best that can deliver, with its date', async () => {
    await sp.selectSupplierPartner(selection());
    const out = await sp.determineSPPreRequisitionFeasibility({ partnerOrderId: 'PR-1' });
    expect(out).toMatchObject({
      state: 'feasibilityChecked',
      supplierId: 'SUP-ALPHA',
      contractId: 'SC-ALPHA-MRS-AC',
      expectedDelivery: inDays(15),
    });
    expect(
      one("SELECT detail FROM partner_order_events WHERE partner_order_id = 'PR-1' AND kind = 'quotes'")['detail'],
    ).toContain('SC-BETA-MRS-AC: by');
  });

  it('moves to the next candidate when the first has no capacity', async () => {
    await sp.selectSupplierPartner(selection());
    fillAlpha();
    expect(await sp.determineSPPreRequisitionFeasibility({ partnerOrderId: 'PR-1' })).toMatchObject({
      supplierId: 'SUP-BETA',
      expectedDelivery: inDays(25),
    });
  });

  it('finds none feasible when no candidate delivers by the required date', async () => {
    await sp.selectSupplierPartner(selection());
    await expect(
      sp.determineSPPreRequisitionFeasibility({ partnerOrderId: 'PR-1', requiredBy: inDays(10) }),
    ).rejects.toMatchObject({ type: 'NotFeasible' });
    expect(state()).toMatchObject({ state: 'failed' });
  });

  it('records the quotes once when retried', async () => {
    await sp.selectSupplierPartner(selection());
    await sp.determineSPPreRequisitionFeasibility({ partnerOrderId: 'PR-1' }, key('feasibility'));
    await sp.determineSPPreRequisitionFeasibility({ partnerOrderId: 'PR-1' }, key('feasibility'));
    expect(events('quotes')).toBe(1);
  });

  it('knows no partner order it never selected a supplier for', async () => {
    await expect(sp.determineSPPreRequisitionFeasibility({ partnerOrderId: 'PR-9' })).rejects.toMatchObject({
      type: 'NotFound',
    });
  });
});
