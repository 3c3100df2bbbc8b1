import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomerQosSlaManagementActivities } from '../../../activities/crm/customer-qos-sla-management';
import { creditPct, periodCharge } from '../../../activities/crm/customer-qos-sla-management/sla-credit-policy';
import { useTestStore } from '../../support/store';
import type { ServiceKqi } from '../../../src/domain/assurance/messages';

const NOW = '2026-06-06T09:00:00.000Z';
const START = '2026-06-05T00:00:00.000Z';
const END = '2026-06-06T00:00:00.000Z';
const PERIOD = { periodStart: START, periodEnd: END };

const t = useTestStore(NOW, { installedBase: true });
let qos: ReturnType<typeof createCustomerQosSlaManagementActivities>;
beforeEach(() => {
  qos = createCustomerQosSlaManagementActivities(t.store.ports);
});

const { rows } = t;
const kqi = (serviceId: string, customerId: string, over: Partial<ServiceKqi> = {}): ServiceKqi => ({
  serviceId,
  customerId,
  availabilityBp: 10_000,
  outageMinutes: 0,
  incidents: 0,
  mtbfMinutes: null,
  mttrMinutes: null,
  ...over,
});
/** Three hours down in the day: 21/24 of the period up. */
const THREE_HOURS = { availabilityBp: 8750, outageMinutes: 180, incidents: 1, mtbfMinutes: 1260, mttrMinutes: 180 };
const assess = (customerId: string, kqis: ServiceKqi[], key = `k-assess-${customerId}`) =>
  qos.assessCustomerQoSPerformance({ customerId, ...PERIOD, kqis }, { idempotencyKey: key });
const violations = (customerId: string, key = `k-viol-${customerId}`) =>
  qos.manageQoSSLAViolation({ customerId, ...PERIOD }, { idempotencyKey: key });

describe('the SLA credit policy', () => {
  it('gives 5 % of the period charge per started 0.1 point below the objective, 10 % for slow restoration, 50 % at most', () => {
    // PO-FIBRE-BIZ: 129.00 EUR a month, 4.30 EUR a day.
    expect(periodCharge(12_900, START, END)).toBe(430);
    expect(creditPct([{ kind: 'availability', objective: 9990, achieved: 9986 }])).toBe(5);
    expect(creditPct([{ kind: 'availability', objective: 9990, achieved: 9979 }])).toBe(10);
    expect(creditPct([{ kind: 'restoreTime', objective: 240, achieved: 300 }])).toBe(10);
    expect(creditPct([{ kind: 'availability', objective: 9990, achieved: 8750 }])).toBe(50);
  });
});

describe('1.A.1.7.1 assessCustomerQoSPerformance', () => {
  it("holds each service's KQIs against its SLA and keeps the assessment", async () => {
    const out = await assess('CUST-1001', [
      kqi('SVC-IB01-1', 'CUST-1001', { ...THREE_HOURS, mttrMinutes: 300 }),
      kqi('SVC-IB01-2', 'CUST-1001'),
    ]);
    expect(out).toEqual({
      assessments: [
        {
          assessmentId: expect.stringMatching(/^SLA-/),
          serviceId: 'SVC-IB01-1',
          verdict: 'violated',
          breaches: [
            { kind: 'availability', objective: 9990, achieved: 8750 },
            { kind: 'restoreTime', objective: 240, achieved: 300 },
          ],
        },
        { assessmentId: expect.stringMatching(/^SLA-/), serviceId: 'SVC-IB01-2', verdict: 'met', breaches: [] },
      ],
      violated: 1,
      unassessed: [],
    });
    expect(
      rows(
        'SELECT service_id, product_id, objective_bp, availability_bp, verdict FROM customer_sla_assessments ORDER BY service_id',
      ),
    ).toEqual([
      {
        service_id: 'SVC-IB01-1',
        product_id: 'PRD-IB01',
        objective_bp: 9990,
        availability_bp: 8750,
        verdict: 'violated',
      },
      { service_id: 'SVC-IB01-2', product_id: 'PRD-IB01', objective_bp: 9990, availability_bp: 10_000, verdict: 'met' },
    ]);
  });

  it('keeps one assessment per service and period, and refuses KQIs of a service not the customer’s', async () => {
    await assess('CUST-1001', [kqi('SVC-IB01-1', 'CUST-1001', THREE_HOURS)], 'k-1');
    await assess('CUST-1001', [kqi('SVC-IB01-1', 'CUST-1001', THREE_HOURS)], 'k-2');
    expect(rows('SELECT id FROM customer_sla_assessments')).toHaveLength(1);
    await expect(assess('CUST-1001', [kqi('SVC-IB02-1', 'CUST-1001')], 'k-3')).rejects.toMatchObject({
      type: 'ConflictingRequest',
    });
    await expect(assess('CUST-1001', [kqi('SVC-NOPE', 'CUST-1001')], 'k-4')).rejects.toMatchObject({
      type: 'NotFound',
    });
  });
});

describe('1.A.1.7.2 manageQoSSLAViolation', () => {
  it('records the credit billing will apply, in integer minor units, and tells the customer', async () => {
    await assess('CUST-1001', [kqi('SVC-IB01-1', 'CUST-1001', THREE_HOURS), kqi('SVC-IB01-2', 'CUST-1001')]);
    const out = await violations('CUST-1001');
    // 4.30 EUR for the day, 124 steps below 99.90 % → capped at 50 % → 2.15 EUR.
    expect(out.violations).toEqual([
      {
        violationId: expect.stringMatching(/^SLV-/),
        serviceId: 'SVC-IB01-1',
        creditId: expect.stringMatching(/^CR-/),
        amountMinor: 215,
        currency: 'EUR',
        notificationId: expect.stringMatching(/^NT-/),
      },
    ]);
    const [credit] = await t.store.ports.slaCredits.pending('CUST-1001');
    expect(credit).toMatchObject({
      id: out.violations[0]!.creditId,
      customerId: 'CUST-1001',
      productId: 'PRD-IB01',
      serviceId: 'SVC-IB01-1',
      periodStart: START,
      periodEnd: END,
      amountMinor: 215,
      currency: 'EUR',
      state: 'pending',
    });
    const [assessment] = rows("SELECT id FROM customer_sla_assessments WHERE service_id = 'SVC-IB01-1'");
    const [notice] = await t.store.ports.notifications.listByReference(assessment!['id'] as string);
    expect(notice).toMatchObject({ channel: 'email', recipient: expect.stringContaining('@') });
    expect(notice?.body).toContain('availability 87.50 % against 99.90 % promised');
    expect(notice?.body).toContain('2.15 EUR');
  });

  it("rounds a small credit to the minor unit, caps a product's credits together, and credits once however often it runs", async () => {
    await assess('CUST-2001', [
      kqi('SVC-IB02-1', 'CUST-2001', {
        availabilityBp: 9986,
        outageMinutes: 2,
        incidents: 1,
        mttrMinutes: 2,
        mtbfMinutes: 1438,
      }),
    ]);
    expect((await violations('CUST-2001')).violations.map((v) => v.amountMinor)).toEqual([22]); // 5 % of 430 = 21.5
    await violations('CUST-2001', 'k-other-run');
    expect(await t.store.ports.slaCredits.byCustomer('CUST-2001')).toHaveLength(1);

    await assess('CUST-1001', [
      kqi('SVC-IB01-1', 'CUST-1001', THREE_HOURS),
      kqi('SVC-IB01-2', 'CUST-1001', THREE_HOURS),
    ]);
    const both = await violations('CUST-1001');
    // Both services are one product: the second finds the 50 % already taken.
    expect(both.violations.map((v) => [v.serviceId, v.amountMinor, v.creditId === null])).toEqual([
      ['SVC-IB01-1', 215, false],
      ['SVC-IB01-2', 0, true],
    ]);
    expect(await t.store.ports.slaCredits.byCustomer('CUST-1001')).toHaveLength(1);
  });

  it('has nothing to do when every commitment was met', async () => {
    await assess('CUST-2002', [kqi('SVC-IB03-1', 'CUST-2002')]);
    expect(await violations('CUST-2002')).toEqual({ violations: [] });
    expect(await t.store.ports.slaCredits.byCustomer('CUST-2002')).toEqual([]);
  });
});

describe('1.A.1.7.3 manageCustomerQoSReporting', () => {
  it("stores the customer's report for the period and sends it", async () => {
    await assess('CUST-1001', [kqi('SVC-IB01-1', 'CUST-1001', THREE_HOURS), kqi('SVC-IB01-2', 'CUST-1001')]);
    await violations('CUST-1001');
    const out = await qos.manageCustomerQoSReporting(
      { customerId: 'CUST-1001', ...PERIOD },
      { idempotencyKey: 'k-rep' },
    );
    expect(out).toMatchObject({ services: 2, violations: 1, totalCreditMinor: 215 });
    const report = await t.store.ports.customerSla.getReport('CUST-1001', START, END);
    expect(report).toMatchObject({ id: out.reportId, notificationId: out.notificationId });
    expect(report?.body).toMatchObject({
      totalCreditMinor: 215,
      currency: 'EUR',
      services: [
        { serviceId: 'SVC-IB01-1', availabilityBp: 8750, verdict: 'violated', creditMinor: 215 },
        { serviceId: 'SVC-IB01-2', availabilityBp: 10_000, verdict: 'met', creditMinor: 0 },
      ],
    });
    const [sent] = await t.store.ports.notifications.listByReference(out.reportId);
    expect(sent?.body).toContain(
      'SVC-IB01-1: availability 87.50 % (objective 99.90 %), 1 incident(s), 180 min — violated, credit 2.15 EUR',
    );
    expect(sent?.body).toContain('Total credit: 2.15 EUR');
    // Once per customer and period.
    await qos.manageCustomerQoSReporting({ customerId: 'CUST-1001', ...PERIOD }, { idempotencyKey: 'k-rep-2' });
    expect(rows('SELECT id FROM customer_qos_reports')).toHaveLength(1);
  });

  it('tells a customer whose commitments were all met just that', async () => {
    await assess('CUST-2002', [kqi('SVC-IB03-1', 'CUST-2002')]);
    const out = await qos.manageCustomerQoSReporting({ customerId: 'CUST-2002', ...PERIOD }, { idempotencyKey: 'k' });
    expect(out).toMatchObject({ services: 1, violations: 0, totalCreditMinor: 0 });
    const [sent] = await t.store.ports.notifications.listByReference(out.reportId);
    expect(sent?.body).toContain('Every commitment was met.');
  });
});
