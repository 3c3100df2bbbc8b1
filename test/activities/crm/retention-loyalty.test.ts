import { beforeEach, describe, expect, it } from 'vitest';
import { createRetentionLoyaltyActivities } from '../../../activities/crm/retention-loyalty';
import { useTestStore } from '../../support/store';

const NOW = '2026-03-02T09:00:00.000Z';
const t = useTestStore(NOW, { installedBase: true });
let rl: ReturnType<typeof createRetentionLoyaltyActivities>;

beforeEach(() => {
  rl = createRetentionLoyaltyActivities(t.store.ports);
});

const { rows, run } = t;
const ticket = (id: string, customerId: string, slaMet: number | null, createdAt = NOW) =>
  run(
    `INSERT INTO trouble_tickets (id, origin, customer_id, description, urgency, state, sla_met, created_at, updated_at)
     VALUES (?, 'customer', ?, 'down', 'high', 'closed', ?, ?, ?)`,
    id,
    customerId,
    slaMet,
    createdAt,
    createdAt,
  );
const slaCredit = (customerId: string) =>
  run(
    `INSERT INTO sla_credits (id, customer_id, sla_id, period_start, period_end, amount_minor, currency, reason, created_at)
     VALUES ('SC-1', ?, 'SLA-1', ?, ?, 1000, 'EUR', 'outage', ?)`,
    customerId,
    NOW,
    NOW,
    NOW,
  );
const assess = async (customerId: string) => {
  await rl.buildCustomerInsight({ customerId });
  return rl.analyzeAndManageCustomerRisk({ customerId });
};

describe('1.FAB.1.9.1 establishAndTerminateCustomerRelationship', () => {
  it('establishes a customer holding a delivered product, once, under its one identity', async () => {
    const r = await rl.establishAndTerminateCustomerRelationship({ action: 'establish', customerId: 'CUST-1005' });
    expect(r).toMatchObject({
      changed: true,
      relationship: { state: 'established', identityKey: 'admin@bernard-avocats.example' },
    });
    const again = await rl.establishAndTerminateCustomerRelationship({ action: 'establish', customerId: 'CUST-1005' });
    expect(again.changed).toBe(false);
    expect(rows('SELECT customer_id, state FROM customer_relationships')).toEqual([
      { customer_id: 'CUST-1005', state: 'established' },
    ]);
  });

  it('waits for a first delivered product, and refuses an identity another customer already holds', async () => {
    const none = await rl.establishAndTerminateCustomerRelationship({ action: 'establish', customerId: 'CUST-1004' });
    expect(none).toEqual({ relationship: null, changed: false, detail: 'no delivered product yet' });

    await rl.establishAndTerminateCustomerRelationship({ action: 'establish', customerId: 'CUST-1005' });
    // The same person registered again under another id, with a product of its own.
    run(
      `INSERT INTO customers (id, name, segment, region, email, status, created_at)
       VALUES ('CUST-9999', 'Bernard', 'business', 'LYO', ' Admin@Bernard-Avocats.example', 'active', ?)`,
      NOW,
    );
    run("UPDATE products SET customer_id = 'CUST-9999' WHERE customer_id = 'CUST-1006'");
    await expect(
      rl.establishAndTerminateCustomerRelationship({ action: 'establish', customerId: 'CUST-9999' }),
    ).rejects.toMatchObject({ type: 'ConflictingRequest' });
  });

  it('ends the relationship only when the customer leaves with no product left, archiving the profile and telling the customer', async () => {
    await rl.establishAndTerminateCustomerRelationship({ action: 'establish', customerId: 'CUST-1005' });
    const kept = await rl.establishAndTerminateCustomerRelationship({
      action: 'terminate',
      customerId: 'CUST-1005',
      reason: 'moving',
    });
    expect(kept).toMatchObject({ changed: false, detail: '1 product(s) still held' });

    run("UPDATE products SET status = 'terminated' WHERE customer_id = 'CUST-1005'");
    // Its last product ceased is not the customer leaving (the text of 1.FAB.1.9.1): kept.
    const lastCeased = await rl.establishAndTerminateCustomerRelationship({
      action: 'terminate',
      customerId: 'CUST-1005',
      reason: 'product P-IB04 ceased',
      cause: 'productCeased',
    });
    expect(lastCeased).toMatchObject({ changed: false, relationship: { state: 'established' } });
    const ended = await rl.establishAndTerminateCustomerRelationship({
      action: 'terminate',
      customerId: 'CUST-1005',
      reason: 'moving',
    });
    expect(ended).toMatchObject({ changed: true, relationship: { state: 'terminated', reason: 'moving' } });
    expect(
      rows("SELECT archive IS NOT NULL AS archived FROM customer_relationships WHERE customer_id = 'CUST-1005'"),
    ).toEqual([{ archived: 1 }]);
    expect((await t.store.ports.notifications.listByReference('CUST-1005')).map((n) => n.subject)).toEqual([
      'Our relationship has ended',
    ]);
  });
});

describe('1.FAB.1.9.2 buildCustomerInsight', () => {
  it("aggregates products, orders, contacts, troubles, SLA breaches and payment into the customer's profile", async () => {
    ticket('TT-1', 'CUST-1005', 0);
    ticket('TT-OLD', 'CUST-1005', null, '2025-01-01T00:00:00.000Z'); // older than 180 days
    slaCredit('CUST-1005');
    const i = await rl.buildCustomerInsight({ customerId: 'CUST-1005' });
    expect(i).toMatchObject({
      activeProducts: 1,
      recurringMinor: 12_900,
      orders: { completed: 1, failed: 0, open: 0 },
      troubleTickets: 1,
      slaBreaches: 2,
      payment: { outstandingMinor: 0, creditLimitMinor: 1_500_000, daysPastDue: 0, fraudFlag: false },
      lastSatisfactionScore: null,
    });
    expect(rows('SELECT customer_id FROM customer_insights WHERE id = ?', i.id)).toEqual([
      { customer_id: 'CUST-1005' },
    ]);
  });
});

describe('1.FAB.1.9.3 analyzeAndManageCustomerRisk', () => {
  it('scores a late payer without products by the documented weights', async () => {
    // CUST-1004: 95 days late (payment 1 × 30), 180 000 owed on a 100 000 limit (debt 1 × 10),
    // no product (disengaged 1 × 10): 50.
    const risk = await assess('CUST-1004');
    expect(risk).toMatchObject({ score: 50, atRisk: true, mainFactor: 'payment', fraud: false });
    expect(risk.factors).toEqual({ payment: 1, debt: 1, troubles: 0, slaBreaches: 0, dissatisfied: 0, disengaged: 1 });
    expect(rows('SELECT score, at_risk FROM customer_risk_assessments WHERE id = ?', risk.id)).toEqual([
      { score: 50, at_risk: 1 },
    ]);
  });

  it('scores troubles, SLA breaches and dissatisfaction the same way everywhere', async () => {
    ticket('TT-1', 'CUST-1005', 0);
    ticket('TT-2', 'CUST-1005', 1);
    slaCredit('CUST-1005');
    run(
      `INSERT INTO satisfaction_surveys (id, customer_id, trigger, reference, state, delivered, score, sent_at, answered_at)
       VALUES ('SV-X', 'CUST-1005', 'fulfilment', 'ORD-IB04', 'answered', 1, 2, ?, ?)`,
      NOW,
      NOW,
    );
    // troubles 2/5 × 20 = 8; SLA breaches 2/3 × 15 = 10; dissatisfied (5 − 2)/4 × 15 = 11.25 → 29.25 → 29.
    const risk = await assess('CUST-1005');
    expect(risk).toMatchObject({ score: 29, atRisk: false, mainFactor: 'dissatisfied' });
    // The same facts give the same score.
    expect((await assess('CUST-1005')).score).toBe(29);
  });

  it('counts each overdue bill as a month late, and plans the payment of what is owed', async () => {
    for (const br of ['BR-1', 'BR-2'])
      run(
        "INSERT INTO bill_runs (id, period_start, period_end, state, created_at) VALUES (?, ?, ?, 'completed', ?)",
        br,
        NOW,
        NOW,
        NOW,
      );
    for (const [id, paid] of [
      ['BL-1', 0],
      ['BL-2', 5_000],
    ] as const)
      run(
        `INSERT INTO bills (id, bill_run_id, billing_account_id, customer_id, period_start, period_end, currency, state,
           net_minor, tax_minor, total_minor, paid_minor, created_at)
         VALUES (?, ?, 'BA-CUST-1005', 'CUST-1005', ?, ?, 'EUR', 'overdue', 15000, 3000, 18000, ?, ?)`,
        id,
        id === 'BL-1' ? 'BR-1' : 'BR-2',
        NOW,
        NOW,
        paid,
        NOW,
      );
    // Two overdue bills: max(0 days, 2 × 30) = 60 → 60/90 × 30 = 20, not yet at risk.
    const risk = await assess('CUST-1005');
    expect(risk).toMatchObject({ score: 20, atRisk: false, mainFactor: 'payment' });
    expect((await t.store.ports.customerRelationships.latestInsight('CUST-1005'))!.billing).toEqual({
      overdueBills: 2,
      overdueMinor: 18_000 + 13_000,
    });
  });

  it('needs an insight first', async () => {
    await expect(rl.analyzeAndManageCustomerRisk({ customerId: 'CUST-1003' })).rejects.toMatchObject({
      type: 'NotFound',
    });
  });
});

describe('1.FAB.1.9.4 personalizeCustomerProfileForRetentionAndLoyalty', () => {
  it('offers a payment plan to a customer at risk for debt, and notifies them once', async () => {
    const risk = await assess('CUST-1004');
    const out = await rl.personalizeCustomerProfileForRetentionAndLoyalty({
      customerId: 'CUST-1004',
      riskAssessmentId: risk.id,
    });
    expect(out.offer).toMatchObject({ kind: 'paymentPlan', detail: { installments: 6, installmentMinor: 30_000 } });
    expect(rows('SELECT kind, risk_assessment_id FROM retention_offers')).toEqual([
      { kind: 'paymentPlan', risk_assessment_id: risk.id },
    ]);
    expect((await t.store.ports.notifications.listByReference('CUST-1004')).map((n) => n.id)).toEqual([
      out.offer!.notificationId,
    ]);
    const again = await rl.personalizeCustomerProfileForRetentionAndLoyalty({
      customerId: 'CUST-1004',
      riskAssessmentId: risk.id,
    });
    expect(again.offer!.id).toBe(out.offer!.id);
    expect(rows('SELECT id FROM retention_offers')).toHaveLength(1);
  });

  it('offers nothing below the threshold, nor to a fraud', async () => {
    const fine = await assess('CUST-1005');
    expect(
      await rl.personalizeCustomerProfileForRetentionAndLoyalty({ customerId: 'CUST-1005', riskAssessmentId: fine.id }),
    ).toEqual({ offer: null, reason: 'risk 0 below 40' });
    run("UPDATE credit_profiles SET fraud_flag = 1 WHERE customer_id = 'CUST-1005'");
    const fraud = await assess('CUST-1005');
    expect(fraud.atRisk).toBe(true);
    const out = await rl.personalizeCustomerProfileForRetentionAndLoyalty({
      customerId: 'CUST-1005',
      riskAssessmentId: fraud.id,
    });
    expect(out.offer).toBeNull();
    expect(rows('SELECT id FROM retention_offers')).toEqual([]);
  });
});

describe('1.FAB.1.9.5 validateCustomerSatisfaction', () => {
  it('checks the order is delivered, asks the customer and records a dissatisfied answer once', async () => {
    const sent = await rl.validateCustomerSatisfaction({
      action: 'send',
      customerId: 'CUST-1005',
      trigger: 'fulfilment',
      reference: 'ORD-IB04',
    });
    expect(sent.survey).toMatchObject({ state: 'sent', delivered: true, reference: 'ORD-IB04' });
    expect((await t.store.ports.notifications.listByReference('ORD-IB04')).length).toBe(1);
    const answered = await rl.validateCustomerSatisfaction({
      action: 'record',
      surveyId: sent.survey.id,
      score: 2,
      comment: 'installer late',
    });
    expect(answered).toMatchObject({ dissatisfied: true, survey: { state: 'answered', score: 2 } });
    await expect(
      rl.validateCustomerSatisfaction({ action: 'record', surveyId: sent.survey.id, score: 5 }),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition' });
    // The answer feeds the risk: (5 − 2)/4 × 15 = 11.25 → 11.
    expect((await assess('CUST-1005')).score).toBe(11);
  });

  it("refuses another customer's order, and lets an unanswered survey expire", async () => {
    await expect(
      rl.validateCustomerSatisfaction({
        action: 'send',
        customerId: 'CUST-1005',
        trigger: 'fulfilment',
        reference: 'ORD-IB01',
      }),
    ).rejects.toMatchObject({ type: 'NotFound' });
    const sent = await rl.validateCustomerSatisfaction({
      action: 'send',
      customerId: 'CUST-1001',
      trigger: 'fulfilment',
      reference: 'ORD-IB01',
    });
    const expired = await rl.validateCustomerSatisfaction({ action: 'expire', surveyId: sent.survey.id });
    expect(expired).toMatchObject({ dissatisfied: false, survey: { state: 'expired', score: null } });
  });
});
