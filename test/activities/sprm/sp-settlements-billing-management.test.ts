import { beforeEach, describe, expect, it } from 'vitest';
import { createSpSettlementsBillingManagementActivities } from '../../../activities/sprm/sp-settlements-billing-management';
import { useTestStore } from '../../support/store';

const t = useTestStore('2026-07-01T00:00:00Z', { installedBase: true });
let sprm: ReturnType<typeof createSpSettlementsBillingManagementActivities>;
beforeEach(() => {
  sprm = createSpSettlementsBillingManagementActivities(t.store.ports);
});
const { one, count, run } = t;

describe('1.B.4.5.1 manageSPAccount', () => {
  it("records each supplied circuit in service at its contract's price", async () => {
    const out = await sprm.manageSPAccount({ period: 'P1' }, { idempotencyKey: 'a' });
    expect(out.suppliers).toEqual([
      { supplierId: 'SUP-ALPHA', resources: ['AC-MRS-ALPHA-IB06'], expectedMinor: 32_000, revenueSharePct: 0 },
    ]);
    expect(one("SELECT contract_id FROM supplier_usage WHERE resource_id = 'AC-MRS-ALPHA-IB06'").contract_id).toBe(
      'SC-ALPHA-MRS-AC',
    );
  });
});

describe('1.B.4.5.2 receiveAndAssessSPInvoice', () => {
  it("finds what the supplier's invoice bills beyond our records", async () => {
    await sprm.manageSPAccount({ period: 'P1' });
    const out = await sprm.receiveAndAssessSPInvoice(
      { supplierId: 'SUP-ALPHA', period: 'P1' },
      { idempotencyKey: 'r' },
    );
    expect(out).toMatchObject({ totalMinor: 33_500, expectedMinor: 32_000, differenceMinor: 1_500, unmatchedLines: 0 });
    expect(one('SELECT state FROM supplier_invoices WHERE id = ?', out.invoiceId).state).toBe('assessed');
  });
});

describe('1.B.4.5.3 negotiateAndApproveSPInvoice', () => {
  it('disputes the difference and approves what the contract says', async () => {
    await sprm.manageSPAccount({ period: 'P1' });
    const inv = await sprm.receiveAndAssessSPInvoice({ supplierId: 'SUP-ALPHA', period: 'P1' });
    const out = await sprm.negotiateAndApproveSPInvoice({ invoiceId: inv.invoiceId }, { idempotencyKey: 'n' });
    expect(out).toMatchObject({ disputeState: 'accepted', disputedMinor: 1_500, approvedMinor: 32_000 });
    expect(one('SELECT reason FROM supplier_disputes').reason).toContain('contract 32000');
  });
});

describe('1.B.4.5.4 issueSPSettlementNoticeAndPayment', () => {
  it('pays the approved amount and the revenue share the contract gives, with a notice', async () => {
    run("UPDATE supplier_contracts SET revenue_share_pct = 10 WHERE id = 'SC-ALPHA-MRS-AC'");
    await sprm.manageSPAccount({ period: 'P1' });
    const inv = await sprm.receiveAndAssessSPInvoice({ supplierId: 'SUP-ALPHA', period: 'P1' });
    await sprm.negotiateAndApproveSPInvoice({ invoiceId: inv.invoiceId });
    const out = await sprm.issueSPSettlementNoticeAndPayment(
      { supplierId: 'SUP-ALPHA', period: 'P1' },
      { idempotencyKey: 's' },
    );
    // 10 % of the VPN site's 199.00 monthly charge.
    expect(out).toMatchObject({ paidMinor: 32_000, revenueShareMinor: 1_990 });
    expect(one('SELECT state FROM supplier_invoices WHERE id = ?', inv.invoiceId).state).toBe('paid');
    expect(count("SELECT COUNT(*) FROM notifications WHERE recipient = 'SUP-ALPHA'")).toBe(1);
  });
});
