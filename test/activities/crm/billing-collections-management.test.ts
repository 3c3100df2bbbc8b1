import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBillingCollectionsManagementActivities } from '../../../activities/crm/billing-collections-management';
import { createResourceDataCollectionProcessingActivities } from '../../../activities/rmo/resource-data-collection-processing';
import { createServiceSpecificInstanceRatingActivities } from '../../../activities/smo/service-specific-instance-rating';
import { useTestStore } from '../../support/store';

const END = '2026-07-01T00:00:00.000Z';
const t = useTestStore(END, { installedBase: true });
const { value } = t;
let crm: ReturnType<typeof createBillingCollectionsManagementActivities>;
let dir: string;
beforeEach(async () => {
  crm = createBillingCollectionsManagementActivities(t.store.ports);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bills-'));
  // Usage of the cycle, collected and rated as RM&O and SM&O would.
  const rmo = createResourceDataCollectionProcessingActivities(t.store.ports);
  const smo = createServiceSpecificInstanceRatingActivities(t.store.ports);
  await rmo.collectResourceData({ collectionId: 'COL-1', periodStart: '2026-06-01T00:00:00.000Z', periodEnd: END });
  await rmo.processResourceData({ collectionId: 'COL-1' });
  await smo.mediateUsageRecords({ action: 'mediate', collectionId: 'COL-1' });
  await smo.rateUsageRecords({ collectionId: 'COL-1', cycleId: 'RUN-1' });
});

const open = () =>
  crm.manageCustomerBillingAccount(
    { action: 'openCycle', billRunId: 'RUN-1', periodEnd: END },
    { idempotencyKey: 'open' },
  );
async function billFor(accountId: string) {
  await open();
  const priced = await crm.applyPricingDiscountingAndRebates(
    { billRunId: 'RUN-1', billingAccountId: accountId },
    { idempotencyKey: `p/${accountId}` },
  );
  const sent = await crm.createAndDeliverBill(
    { billId: priced.billId, paymentTermMs: 30 * 86_400_000, invoiceDir: dir },
    { idempotencyKey: `d/${accountId}` },
  );
  return { priced, sent };
}
const credit = () =>
  t.store.ports.slaCredits.record('sla', {
    customerId: 'CUST-1006',
    productId: 'PRD-IB05',
    serviceId: 'SVC-IB05-1',
    slaId: 'PO-VOICE-LINE',
    periodStart: '2026-06-01T00:00:00.000Z',
    periodEnd: END,
    amountMinor: 500,
    currency: 'EUR',
    reason: 'availability 99.2 % < 99.9 %',
  });

describe('1.B.1.8.4 manageCustomerBillingAccount', () => {
  it('opens the cycle from the last one and lists the accounts with the portfolio to bill', async () => {
    const out = await open();
    expect(out.periodStart).toBe('2026-06-01T00:00:00.000Z');
    expect(out.accounts.map((a) => a.billingAccountId)).toEqual([
      'BA-CUST-1001',
      'BA-CUST-1002',
      'BA-CUST-1005',
      'BA-CUST-1006',
      'BA-CUST-2001',
      'BA-CUST-2002',
    ]);
    expect(out.accounts.find((a) => a.customerId === 'CUST-1006')!.products).toEqual([
      { id: 'PRD-IB05', status: 'active', recurringMinor: 1_990 },
    ]);
    const upd = await crm.manageCustomerBillingAccount({
      action: 'update',
      billingAccountId: 'BA-CUST-1006',
      billingAddress: '3 rue des Lilas, Paris',
      deliveryChannel: 'post',
    });
    expect(
      value("SELECT billing_address || '/' || delivery_channel FROM billing_accounts WHERE id = 'BA-CUST-1006'"),
    ).toBe('3 rue des Lilas, Paris/post');
    expect(upd.accounts).toHaveLength(1);
  });
});

describe('1.B.1.8.2 applyPricingDiscountingAndRebates', () => {
  it('prices recurring charges, rated usage and the pending SLA credit, which is applied once; the lines reconcile', async () => {
    const cr = await credit();
    await open();
    const usage = value(
      "SELECT SUM(charge_minor) FROM usage_records WHERE customer_id = 'CUST-1006' AND state = 'rated'",
    ) as number;
    expect(usage).toBeGreaterThan(0);
    const p = await crm.applyPricingDiscountingAndRebates(
      { billRunId: 'RUN-1', billingAccountId: 'BA-CUST-1006' },
      { idempotencyKey: 'p1' },
    );
    const net = 1_990 + usage - 500;
    expect(p).toMatchObject({
      recurringMinor: 1_990,
      usageMinor: usage,
      creditsMinor: -500,
      creditIds: [cr.id],
      taxMinor: Math.round(net * 0.2),
      totalMinor: net + Math.round(net * 0.2),
    });
    expect((await t.store.ports.slaCredits.get(cr.id))!).toMatchObject({ state: 'applied', appliedToBillId: p.billId });
    // Sum of rated charges + credits (+ recurring and tax) = the bill total, and every rated record is now billed.
    expect(value('SELECT SUM(amount_minor) FROM bill_lines WHERE bill_id = ?', p.billId)).toBe(p.totalMinor);
    expect(value("SELECT SUM(charge_minor) FROM usage_records WHERE bill_id = ? AND state = 'billed'", p.billId)).toBe(
      usage,
    );
    expect(value("SELECT COUNT(*) FROM usage_records WHERE customer_id = 'CUST-1006' AND state = 'rated'")).toBe(0);
    // A retry changes nothing.
    expect(
      await crm.applyPricingDiscountingAndRebates(
        { billRunId: 'RUN-1', billingAccountId: 'BA-CUST-1006' },
        { idempotencyKey: 'p1' },
      ),
    ).toEqual(p);
  });
});

describe('1.B.1.8.3 createAndDeliverBill', () => {
  it('issues the bill as a document a person can read and tells the customer', async () => {
    const { priced, sent } = await billFor('BA-CUST-1001');
    expect(sent.documentPath).toBe(path.join(dir, `${priced.billId}.md`));
    const doc = fs.readFileSync(sent.documentPath, 'utf8');
    expect(doc).toContain(`# Invoice ${priced.billId}`);
    expect(doc).toContain('Boulangerie Dupont SARL');
    expect(doc).toContain('Total due:');
    expect(value('SELECT state FROM bills WHERE id = ?', priced.billId)).toBe('issued');
    expect(value("SELECT balance_minor FROM billing_accounts WHERE id = 'BA-CUST-1001'")).toBe(priced.totalMinor);
    expect(value('SELECT COUNT(*) FROM notifications WHERE reference = ?', priced.billId)).toBe(1);
  });
});

describe('1.B.1.8.1 manageCustomerBillingInquiries', () => {
  it('answers a dispute from the rated record: a right charge is confirmed, a wrong one adjusted', async () => {
    const { priced } = await billFor('BA-CUST-1006');
    const charged = t.store.db
      .prepare(
        'SELECT id, charge_minor, units FROM usage_records WHERE bill_id = ? AND charge_minor > 0 ORDER BY id LIMIT 1',
      )
      .get(priced.billId) as { id: number; charge_minor: number; units: number };
    const no = await crm.manageCustomerBillingInquiries({
      customerId: 'CUST-1006',
      billId: priced.billId,
      usageRecordId: charged.id,
      claim: 'I never made that call',
    });
    expect(no).toMatchObject({ state: 'notUpheld', adjustmentMinor: 0 });
    expect(no.finding).toContain('charge confirmed');
    // The voice tariff was wrong when the cycle was rated: fixed, the same question now holds.
    const voice = (await t.store.ports.usage.tariffFor('PO-VOICE-LINE', 'voice'))!;
    await t.store.ports.usage.upsertTariff('fix', {
      ...voice,
      tiers: [{ upTo: null, priceMinor: 6, offPeakPriceMinor: 2 }],
    });
    const yes = await crm.manageCustomerBillingInquiries({
      customerId: 'CUST-1006',
      billId: priced.billId,
      usageRecordId: charged.id,
      claim: 'too expensive',
    });
    expect(yes.state).toBe('upheld');
    expect(yes.adjustmentMinor).toBeLessThan(0);
    expect(value('SELECT SUM(amount_minor) FROM billing_adjustments')).toBe(yes.adjustmentMinor);
    expect(value("SELECT balance_minor FROM billing_accounts WHERE id = 'BA-CUST-1006'")).toBe(
      priced.totalMinor + yes.adjustmentMinor,
    );
  });
});

describe('1.B.1.8.5 manageCollection', () => {
  it('records payments, dunning steps, suspends the products and restores them on payment', async () => {
    const { priced } = await billFor('BA-CUST-1006');
    const rem = await crm.manageCollection({
      action: 'dunning',
      billId: priced.billId,
      step: 1,
      stepAction: 'reminder',
    });
    expect(rem).toMatchObject({ billState: 'overdue', outstandingMinor: priced.totalMinor });
    const susp = await crm.manageCollection({ action: 'suspend', billId: priced.billId, step: 3 });
    expect(susp.products).toEqual(['PRD-IB05']);
    expect(value("SELECT status FROM products WHERE id = 'PRD-IB05'")).toBe('suspended');
    expect(value("SELECT status FROM billing_accounts WHERE id = 'BA-CUST-1006'")).toBe('suspended');
    const paid = await crm.manageCollection({
      action: 'payment',
      billId: priced.billId,
      amountMinor: priced.totalMinor,
      reference: 'SEPA-1',
    });
    expect(paid).toMatchObject({ billState: 'paid', outstandingMinor: 0 });
    const back = await crm.manageCollection({ action: 'restore', billId: priced.billId, step: 4 });
    expect(back.products).toEqual(['PRD-IB05']);
    expect(value("SELECT status FROM products WHERE id = 'PRD-IB05'")).toBe('active');
    expect(t.store.db.prepare('SELECT action FROM dunning_steps ORDER BY step').pluck().all()).toEqual([
      'reminder',
      'suspension',
      'restoration',
    ]);
    expect(value("SELECT balance_minor FROM billing_accounts WHERE id = 'BA-CUST-1006'")).toBe(0);
  });
});
