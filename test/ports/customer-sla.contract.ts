import { describe, expect, it } from 'vitest';
import type { CustomerSlaPort, QosDegradationRecord, SlaAssessment } from '../../src/ports/customer-sla';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * Customer QoS/SLA Management's contract (1.A.1.7), for every adapter (docs/ADAPTERS.md): what was
 * committed for a service (its SLA, the latest product it belongs to and its price), one
 * assessment per service and period, one violation per violated assessment (money in minor units,
 * past 2^32), one report per customer and period with the first notice kept, one degradation per
 * service problem — recording any again returns the first, also from workers at once. The clock
 * reads `NOW`.
 */

export const NOW = '2026-08-01T07:00:00.000Z';

export type CustomerSlaHarness = StoreHarness<CustomerSlaPort>;

const JULY = { periodStart: '2026-07-01T00:00:00.000Z', periodEnd: '2026-08-01T00:00:00.000Z' };

function service(n: number, sla: object | null): Fixture[] {
  return [
    [
      'service_orders',
      {
        id: `SO-${n}`,
        product_order_id: 'ORD-1',
        item_id: String(n),
        customer_id: 'CUST-1',
        cfs_spec_id: 'CFS-FIBRE',
        region: 'PAR',
        action: 'add',
        state: 'completed',
        created_at: NOW,
        updated_at: NOW,
      },
    ],
    [
      'services',
      {
        id: `SVC-${n}`,
        cfs_spec_id: 'CFS-FIBRE',
        customer_id: 'CUST-1',
        region: 'PAR',
        state: 'active',
        characteristics: '{}',
        service_order_id: `SO-${n}`,
        design: '{}',
        assurance: sla === null ? null : JSON.stringify({ elements: [], sla }),
        created_at: NOW,
        updated_at: NOW,
      },
    ],
  ];
}
const product = (id: string, serviceIds: string[], recurring: number, startDate: string): Fixture => [
  'products',
  {
    id,
    customer_id: 'CUST-1',
    product_offering_id: 'PO-FIBRE-BIZ',
    order_id: 'ORD-1',
    item_id: id,
    billing_account_id: 'BA-1',
    status: 'active',
    recurring_minor: recurring,
    one_time_minor: 0,
    service_ids: JSON.stringify(serviceIds),
    region: 'PAR',
    start_date: startDate,
  },
];

/** SVC-1 with an SLA, sold twice (the later product counts); SVC-2 without SLA or product. */
const FIXTURES: readonly Fixture[] = [
  [
    'customers',
    {
      id: 'CUST-1',
      name: 'C',
      segment: 'business',
      region: 'PAR',
      email: 'c@example.test',
      status: 'active',
      created_at: NOW,
    },
  ],
  ['cfs_specs', { id: 'CFS-FIBRE', name: 'fibre', service_type: 'access' }],
  [
    'product_offerings',
    {
      id: 'PO-FIBRE-BIZ',
      name: 'fibre',
      description: 'fibre',
      recurring_minor: 6_500,
      one_time_minor: 0,
      lead_time_days: 5,
      segment: 'business',
    },
  ],
  ['billing_accounts', { id: 'BA-1', customer_id: 'CUST-1', currency: 'GBP', created_at: NOW }],
  [
    'product_orders',
    { id: 'ORD-1', customer_id: 'CUST-1', channel: 'web', state: 'completed', created_at: NOW, updated_at: NOW },
  ],
  ...service(1, { availabilityPct: 99.95, restoreHours: 4 }),
  ...service(2, null),
  product('PRD-OLD', ['SVC-1'], 4_000, '2026-01-01T00:00:00.000Z'),
  product('PRD-NEW', ['SVC-9', 'SVC-1'], 6_500, '2026-05-01T00:00:00.000Z'),
];

const assessment = (serviceId: string, verdict: SlaAssessment['verdict']): Omit<SlaAssessment, 'id' | 'createdAt'> => ({
  customerId: 'CUST-1',
  serviceId,
  productId: 'PRD-NEW',
  ...JULY,
  objectiveBp: 9_995,
  availabilityBp: verdict === 'met' ? 10_000 : 9_940,
  restoreObjectiveMinutes: 240,
  mttrMinutes: verdict === 'met' ? null : 300,
  outageMinutes: verdict === 'met' ? 0 : 267,
  incidents: verdict === 'met' ? 0 : 1,
  verdict,
  breaches: verdict === 'met' ? [] : [{ kind: 'availability', objective: 99.95, achieved: 99.4 }],
});

const degradation = (serviceProblemId: string): Omit<QosDegradationRecord, 'id' | 'createdAt' | 'notificationId'> => ({
  serviceProblemId,
  customerId: 'CUST-1',
  serviceId: 'SVC-1',
  ...JULY,
  startedAt: '2026-07-20T10:00:00.000Z',
  estimatedRestoration: '2026-07-20T16:00:00.000Z',
  projectedMinutes: 360,
  allowedMinutes: 22,
  softThresholdCrossed: true,
  detail: 'projected 360 min > 22 min allowed',
});

export function customerSlaContract(adapter: string, make: () => Promise<CustomerSlaHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`customer SLA port on ${adapter}`, () => {
    it(
      "a service's commitment: its SLA, the latest product it belongs to, its price and currency",
      withStore(async (h) => {
        expect(await h.port.commitment('SVC-1')).toEqual({
          serviceId: 'SVC-1',
          customerId: 'CUST-1',
          serviceState: 'active',
          productId: 'PRD-NEW',
          recurringMinor: 6_500,
          currency: 'GBP',
          availabilityPct: 99.95,
          restoreHours: 4,
        });
        expect(await h.port.commitment('SVC-2')).toEqual({
          serviceId: 'SVC-2',
          customerId: 'CUST-1',
          serviceState: 'active',
          productId: null,
          recurringMinor: 0,
          currency: 'EUR',
          availabilityPct: null,
          restoreHours: null,
        });
        expect(await h.port.commitment('SVC-NONE')).toBeUndefined();
      }),
    );

    it(
      'one assessment per service and period, one violation per assessment (past 2^32), in service order',
      withStore(async (h) => {
        const a2 = await h.port.recordAssessment('k/a2', assessment('SVC-2', 'met'));
        expect(a2).toEqual({ ...assessment('SVC-2', 'met'), id: 'SLA-000001', createdAt: NOW });
        expect(await h.port.recordAssessment('k/a2', assessment('SVC-2', 'met'))).toEqual(a2);
        // The same service and period under another key is the first assessment, and spends no number.
        expect(await h.port.recordAssessment('k/a2-again', assessment('SVC-2', 'violated'))).toEqual(a2);
        const a1 = await h.port.recordAssessment('k/a1', assessment('SVC-1', 'violated'));
        expect(a1.id).toBe('SLA-000002');
        expect(await h.port.assessments('CUST-1', JULY.periodStart, JULY.periodEnd)).toEqual([a1, a2]);
        expect(await h.port.assessments('CUST-1', JULY.periodStart, '2026-07-31T00:00:00.000Z')).toEqual([]);

        const v = {
          assessmentId: a1.id,
          customerId: 'CUST-1',
          serviceId: 'SVC-1',
          creditId: 'CR-000001',
          amountMinor: 9_007_199_254,
          currency: 'GBP',
          notificationId: 'NT-1',
        };
        const violation = await h.port.recordViolation('k/v', v);
        expect(violation).toEqual({ ...v, id: 'SLV-000001', createdAt: NOW });
        expect(await h.port.recordViolation('k/v2', { ...v, amountMinor: 1 })).toEqual(violation);
        expect(await h.port.violations('CUST-1', JULY.periodStart, JULY.periodEnd)).toEqual([violation]);
        expect(await h.count('customer_sla_violations')).toBe(1);
      }),
    );

    it(
      'one QoS report per customer and period, the first notice kept; one degradation per service problem',
      withStore(async (h) => {
        const body = { services: [{ id: 'SVC-1', availabilityPct: 99.4 }], violations: 1 };
        const r = await h.port.recordReport('k/r', { customerId: 'CUST-1', ...JULY, body });
        expect(r).toEqual({
          id: 'QOS-000001',
          customerId: 'CUST-1',
          ...JULY,
          body,
          notificationId: null,
          createdAt: NOW,
        });
        expect(await h.port.recordReport('k/r2', { customerId: 'CUST-1', ...JULY, body: {} })).toEqual(r);
        expect((await h.port.reportSent('k/sent', r.id, 'NT-7')).notificationId).toBe('NT-7');
        expect((await h.port.reportSent('k/sent2', r.id, 'NT-8')).notificationId).toBe('NT-7');
        expect(await h.port.getReport('CUST-1', JULY.periodStart, JULY.periodEnd)).toEqual({
          ...r,
          notificationId: 'NT-7',
        });
        expect(await h.port.getReport('CUST-1', JULY.periodStart, NOW)).toBeUndefined();

        const d = await h.port.recordDegradation('k/d', degradation('SP-1'));
        expect(d).toEqual({ ...degradation('SP-1'), id: 'QD-000001', notificationId: null, createdAt: NOW });
        expect(await h.port.recordDegradation('k/d2', { ...degradation('SP-1'), detail: 'again' })).toEqual(d);
        expect(await h.port.degradationNotified('k/n', d.id, 'NT-9')).toEqual({ ...d, notificationId: 'NT-9' });
        expect(await h.count('customer_qos_degradations')).toBe(1);
      }),
    );

    it(
      'concurrent workers: four recording one assessment, or one degradation, at once record it once',
      withStore(async (h) => {
        const as = await Promise.all(
          [1, 2, 3, 4].map((w) => h.port.recordAssessment(`k/a/${w}`, assessment('SVC-1', 'violated'))),
        );
        expect(new Set(as.map((a) => a.id)).size).toBe(1);
        expect(await h.count('customer_sla_assessments')).toBe(1);
        const ds = await Promise.all(
          [1, 2, 3, 4].map((w) => h.port.recordDegradation(`k/d/${w}`, degradation('SP-1'))),
        );
        expect(new Set(ds.map((d) => d.id)).size).toBe(1);
        expect(await h.count('customer_qos_degradations')).toBe(1);
      }),
    );
  });
}
