import { beforeEach, describe, expect, it } from 'vitest';
import { createMarketingFulfilmentResponseActivities } from '../../../activities/crm/marketing-fulfilment-response';
import { createSellingActivities } from '../../../activities/crm/selling';
import { useTestStore } from '../../support/store';

const NOW = '2026-03-02T09:00:00.000Z';
const VALID = '2026-04-01T09:00:00.000Z';
const t = useTestStore(NOW, { installedBase: true });
let sell: ReturnType<typeof createSellingActivities>;
let mfr: ReturnType<typeof createMarketingFulfilmentResponseActivities>;

beforeEach(() => {
  sell = createSellingActivities(t.store.ports);
  mfr = createMarketingFulfilmentResponseActivities(t.store.ports);
});

const { rows, run } = t;
const cafe = {
  name: 'Café Lumière',
  email: 'patron@cafe-lumiere.example',
  segment: 'business',
  region: 'PAR',
} as const;

/** A lead handed to Selling, as 1.F.1.3.2 leaves it (score 100). */
async function lead(contact: typeof cafe | Record<string, string> = cafe, offeringId = 'PO-FIBRE-BIZ', region = 'PAR') {
  const r = await mfr.trackLeads({
    action: 'record',
    campaignId: null,
    response: { contact: contact as typeof cafe, interest: [{ productOfferingId: offeringId, region }] },
  });
  return r.lead;
}
const qualifiedProspect = async () => {
  const p = await sell.manageProspect({ action: 'open', leadId: (await lead()).id });
  await sell.qualifyAndEducateCustomer({ prospectId: p.id });
  return p;
};

describe('1.F.1.4.1 manageProspect', () => {
  it('opens a prospect from a lead: matched offerings, a year of revenue, a channel, the lead linked', async () => {
    const l = await lead();
    const p = await sell.manageProspect({ action: 'open', leadId: l.id });
    // 25 000 + 12 × 12 900 = 179 800 (< 200 000: telesales); probability = score 100 / 2.
    expect(p).toMatchObject({
      leadId: l.id,
      customerId: null,
      matchedOfferingIds: ['PO-FIBRE-BIZ'],
      estimatedRevenueMinor: 179_800,
      salesChannel: 'telesales',
      winProbabilityPct: 50,
      state: 'open',
    });
    expect(rows('SELECT prospect_id FROM leads WHERE id = ?', l.id)).toEqual([{ prospect_id: p.id }]);
  });

  it('opens one for a customer who asks, and records the outcome once', async () => {
    const p = await sell.manageProspect({
      action: 'openForCustomer',
      customerId: 'CUST-1005',
      needs: [{ productOfferingId: 'PO-VPN-BIZ', region: 'LYO', quantity: 2 }],
    });
    // (50 000 + 12 × 19 900) × 2 = 577 600: an account manager.
    expect(p).toMatchObject({ estimatedRevenueMinor: 577_600, salesChannel: 'accountManager', winProbabilityPct: 60 });
    await sell.manageProspect({ action: 'close', prospectId: p.id, outcome: 'won' });
    expect(rows('SELECT state FROM prospects WHERE id = ?', p.id)).toEqual([{ state: 'won' }]);
    await expect(sell.manageProspect({ action: 'close', prospectId: p.id, outcome: 'lost' })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });
});

describe('1.F.1.4.2 qualifyAndEducateCustomer', () => {
  it('qualifies an eligible prospect on a starter credit profile and tells them what they buy', async () => {
    const p = await sell.manageProspect({ action: 'open', leadId: (await lead()).id });
    const q = await sell.qualifyAndEducateCustomer({ prospectId: p.id });
    // Exposure: 25 000 + 3 × 12 900 = 63 700 within the business starter limit.
    expect(q.credit).toEqual({
      source: 'starter',
      creditScore: 700,
      exposureMinor: 63_700,
      creditLimitMinor: 500_000,
      passed: true,
    });
    expect({ qualified: q.qualified, state: q.prospect.state }).toEqual({ qualified: true, state: 'qualified' });
    const told = await t.store.ports.notifications.listByReference(p.id);
    expect(told.map((n) => [n.recipient, n.id])).toEqual([['patron@cafe-lumiere.example', q.notificationId]]);
    expect(told[0]!.body).toContain('Business Fibre 1G in PAR');
  });

  it('disqualifies a need the segment or region cannot have, and proposes what it can', async () => {
    const home = { name: 'Léa Roux', email: 'lea@example.org', segment: 'residential', region: 'MRS' };
    const p = await sell.manageProspect({ action: 'open', leadId: (await lead(home, 'PO-VPN-BIZ', 'MRS')).id });
    const q = await sell.qualifyAndEducateCustomer({ prospectId: p.id });
    expect(q.qualified).toBe(false);
    expect(q.items[0]!.reasons).toEqual(['PO-VPN-BIZ is for business customers']);
    expect(q.alternatives).toEqual([]);
    expect(rows('SELECT state FROM prospects WHERE id = ?', p.id)).toEqual([{ state: 'disqualified' }]);
  });

  it("applies Order Handling's credit policy to a known customer's profile", async () => {
    const p = await sell.manageProspect({
      action: 'openForCustomer',
      customerId: 'CUST-1004',
      needs: [{ productOfferingId: 'PO-FIBRE-BIZ', region: 'LIL' }],
    });
    const q = await sell.qualifyAndEducateCustomer({ prospectId: p.id });
    expect(q.credit).toMatchObject({ source: 'creditProfile', passed: false, exposureMinor: 180_000 + 63_700 });
    expect(q.reasons).toEqual([
      '95 days past due',
      'credit score 410 below 450',
      'exposure 243700 exceeds limit 100000',
    ]);
  });
});

describe('1.F.1.4.3 negotiateSales', () => {
  it('prices the quote from the offerings with the negotiated discount, and records the decision once', async () => {
    const p = await qualifiedProspect();
    const quote = await sell.negotiateSales({
      action: 'propose',
      prospectId: p.id,
      termMonths: 36,
      requestedDiscountPct: 20,
      validUntil: VALID,
    });
    // Discount min(20 asked, 10 for 36 months, 10 for business) = 10 %: 12 900 × 0.9 = 11 610 a month;
    // contract value 25 000 + 36 × 11 610 = 442 960.
    expect(quote).toMatchObject({
      discountPct: 10,
      oneTimeMinor: 25_000,
      recurringMinor: 11_610,
      contractValueMinor: 442_960,
      validUntil: VALID,
      state: 'proposed',
    });
    expect((await t.store.ports.notifications.listByReference(quote.id)).length).toBe(1);
    const accepted = await sell.negotiateSales({ action: 'decide', quoteId: quote.id, decision: 'accepted' });
    expect(accepted.state).toBe('accepted');
    await expect(
      sell.negotiateSales({ action: 'decide', quoteId: quote.id, decision: 'declined' }),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition' });
    await sell.negotiateSales({ action: 'ordered', quoteId: quote.id, orderId: 'ORD-X' });
    expect(rows('SELECT state, order_id FROM quotes WHERE id = ?', quote.id)).toEqual([
      { state: 'ordered', order_id: 'ORD-X' },
    ]);
  });

  it('rounds a small discount to the cent and refuses a prospect not qualified', async () => {
    const p = await qualifiedProspect();
    const quote = await sell.negotiateSales({
      action: 'propose',
      prospectId: p.id,
      termMonths: 24,
      requestedDiscountPct: 3,
      validUntil: VALID,
    });
    // 12 900 × 97 / 100 = 12 513; 25 000 + 24 × 12 513 = 325 312.
    expect([quote.recurringMinor, quote.contractValueMinor]).toEqual([12_513, 325_312]);
    const other = await sell.manageProspect({ action: 'open', leadId: (await lead()).id });
    await expect(
      sell.negotiateSales({
        action: 'propose',
        prospectId: other.id,
        termMonths: 12,
        requestedDiscountPct: 0,
        validUntil: VALID,
      }),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition' });
  });
});

describe('1.F.1.4.4 acquireCustomerData', () => {
  it('turns the prospect into an active customer with a starter credit profile, once per identity', async () => {
    const p = await qualifiedProspect();
    const a = await sell.acquireCustomerData({ prospectId: p.id, phone: '+33 1 23 45 67 89' });
    expect(a.created).toBe(true);
    expect(rows('SELECT name, segment, region, status, phone FROM customers WHERE id = ?', a.customerId)).toEqual([
      { name: 'Café Lumière', segment: 'business', region: 'PAR', status: 'active', phone: '+33 1 23 45 67 89' },
    ]);
    expect(
      rows('SELECT credit_score, credit_limit_minor FROM credit_profiles WHERE customer_id = ?', a.customerId),
    ).toEqual([{ credit_score: 700, credit_limit_minor: 500_000 }]);
    expect(rows('SELECT customer_id FROM prospects WHERE id = ?', p.id)).toEqual([{ customer_id: a.customerId }]);
    // Another prospect under the same e-mail is the same customer.
    const again = await sell.acquireCustomerData({ prospectId: (await qualifiedProspect()).id });
    expect(again).toMatchObject({ customerId: a.customerId, created: false });
  });

  it("brings a known customer's contact data up to date", async () => {
    const p = await sell.manageProspect({
      action: 'openForCustomer',
      customerId: 'CUST-1005',
      needs: [{ productOfferingId: 'PO-VPN-BIZ', region: 'LYO' }],
    });
    const a = await sell.acquireCustomerData({ prospectId: p.id, phone: '+33 4 00 00 00 00' });
    expect(a).toMatchObject({ customerId: 'CUST-1005', created: false });
    expect(rows("SELECT phone FROM customers WHERE id = 'CUST-1005'")).toEqual([{ phone: '+33 4 00 00 00 00' }]);
  });
});

describe('1.F.1.4.5 crossSellAndUpSell', () => {
  it('cross-sells the cheapest offering of the segment the customer lacks', async () => {
    const r = await sell.crossSellAndUpSell({ customerId: 'CUST-1001' });
    expect(r).toMatchObject({ kind: 'crossSell', productOfferingId: 'PO-VOICE-LINE' });
    expect(r.evidence).toMatchObject({ held: ['PO-FIBRE-BIZ'], bandwidthMbpsByOffering: { 'PO-FIBRE-BIZ': 1000 } });
    expect(rows('SELECT kind, offering_id FROM sales_recommendations')).toEqual([
      { kind: 'crossSell', offering_id: 'PO-VOICE-LINE' },
    ]);
  });

  it('up-sells a product below 1 Gbit/s that gave trouble', async () => {
    run(
      `INSERT INTO trouble_tickets (id, origin, customer_id, service_id, description, urgency, state, created_at, updated_at)
         VALUES ('TT-X', 'customer', 'CUST-1002', 'SVC-IB06-1', 'slow VPN', 'medium', 'closed', ?, ?)`,
      NOW,
      NOW,
    );
    const r = await sell.crossSellAndUpSell({ customerId: 'CUST-1002' });
    expect(r).toMatchObject({ kind: 'upSell', productOfferingId: 'PO-VPN-BIZ' });
    expect(r.reason).toContain('100 Mbit/s with 1 trouble(s)');
  });
});
