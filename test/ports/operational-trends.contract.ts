import { describe, expect, it } from 'vitest';
import type { OperationalTrendPort } from '../../src/ports/operational-trends';
import { serviceRows } from './service-rows';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The operational trend port's contract, for every adapter (docs/ADAPTERS.md), on the trends of
 * the history PostgreSQL holds today: contacts, orders, retention, orders per offering, sales
 * channels, service problems, customer QoS, service quality, campaigns, requisitions, partner problems
 * and supplier performance, each over a window (`SINCE`), grouped by what the readiness
 * process watches, with figures as numbers (0 where there is nothing to average). Read-only: no
 * keys, no writes, nothing half-done to prove.
 */

export const NOW = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;
const ago = (days: number, hoursMore = 0) =>
  new Date(Date.parse(NOW) - days * DAY + hoursMore * 3_600_000).toISOString();
const SINCE = ago(7);

export type OperationalTrendHarness = StoreHarness<OperationalTrendPort>;

const customer = (id: string, segment: string, status: string, createdDaysAgo: number) => ({
  id,
  name: id,
  segment,
  region: 'PAR',
  email: `${id.toLowerCase()}@example.net`,
  status,
  created_at: ago(createdDaysAgo),
});
const order = (
  id: string,
  customerId: string,
  channel: string,
  state: string,
  daysAgo: number,
  cycleHours?: number,
) => ({
  id,
  customer_id: customerId,
  channel,
  state,
  recurring_minor: 5_000,
  created_at: ago(daysAgo),
  updated_at: ago(daysAgo),
  ...(cycleHours === undefined ? {} : { completed_at: ago(daysAgo, cycleHours) }),
});
const item = (orderId: string, itemId: string, offering: string) => ({
  order_id: orderId,
  item_id: itemId,
  action: 'add',
  product_offering_id: offering,
  region: 'PAR',
  characteristics: '{}',
  state: 'completed',
});
const contact = (
  id: string,
  channel: string,
  reason: string,
  daysAgo: number,
  seconds: number | null,
  closed = true,
) => ({
  id,
  customer_id: 'CUST-1',
  channel,
  reason,
  summary: reason,
  opened_at: ago(daysAgo),
  duration_seconds: seconds,
  ...(closed ? { closed_at: ago(daysAgo, 1) } : {}),
});
const offering = (id: string) => ({
  id,
  name: id,
  description: id,
  recurring_minor: 5_000,
  one_time_minor: 0,
  lead_time_days: 5,
  segment: 'business',
});

/** A service problem opened `daysAgo` and, restored `restoredHours` later. */
const problem = (id: string, serviceId: string, state: string, daysAgo: number, restoredHours?: number) => ({
  id,
  origin: 'customer',
  service_id: serviceId,
  customer_id: 'CUST-1',
  description: id,
  urgency: 'medium',
  state,
  started_at: ago(daysAgo),
  ...(restoredHours === undefined ? {} : { restored_at: ago(daysAgo, restoredHours) }),
  created_at: ago(daysAgo),
  updated_at: ago(daysAgo),
});

const outage = (id: string, serviceId: string, customerId: string, startedAt: string, restoredAt: string) => ({
  id,
  service_id: serviceId,
  customer_id: customerId,
  cause: 'resource',
  started_at: startedAt,
  restored_at: restoredAt,
});
const credit = (id: string, customerId: string, amountMinor: number, state: string, daysAgo: number) => ({
  id,
  customer_id: customerId,
  sla_id: 'PO-A',
  period_start: ago(30),
  period_end: NOW,
  amount_minor: amountMinor,
  currency: 'EUR',
  reason: 'availability',
  state,
  created_at: ago(daysAgo),
});
/** An end-to-end test of a service (passed 1 or 0, as both stores take it). */
const test = (id: string, serviceId: string, passed: number, daysAgo: number) => ({
  id,
  service_id: serviceId,
  service_order_id: `SO-${serviceId}`,
  passed,
  measurements: '{}',
  detail: id,
  at: ago(daysAgo),
});

/** Business and residential customers, orders by web and shop (one before the window), contacts. */
const FIXTURES: Fixture[] = [
  ['product_offerings', offering('PO-A')],
  ['product_offerings', offering('PO-B')],
  ['product_offerings', offering('PO-C')],
  ['customers', customer('CUST-1', 'business', 'active', 30)],
  ['customers', customer('CUST-2', 'business', 'active', 2)],
  ['customers', customer('CUST-3', 'business', 'terminated', 40)],
  ['customers', customer('CUST-4', 'residential', 'prospect', 1)],
  ['customers', customer('CUST-5', 'residential', 'active', 3)],
  ['billing_accounts', { id: 'BA-1', customer_id: 'CUST-1', created_at: ago(30) }],
  ['product_orders', order('ORD-1', 'CUST-1', 'web', 'completed', 5, 10)],
  ['product_orders', order('ORD-2', 'CUST-2', 'web', 'completed', 2, 20)],
  ['product_orders', order('ORD-3', 'CUST-2', 'web', 'failed', 1)],
  ['product_orders', order('ORD-4', 'CUST-5', 'shop', 'inProgress', 1)],
  ['product_orders', order('ORD-5', 'CUST-3', 'shop', 'completed', 20, 5)],
  ['product_order_items', item('ORD-1', '1', 'PO-A')],
  ['product_order_items', item('ORD-1', '2', 'PO-B')],
  ['product_order_items', item('ORD-2', '1', 'PO-A')],
  ['product_order_items', item('ORD-3', '1', 'PO-A')],
  ['product_order_items', item('ORD-4', '1', 'PO-B')],
  [
    'order_jeopardies',
    {
      id: 'OJ-1',
      order_id: 'ORD-1',
      committed_date: ago(4),
      detected_at: ago(4),
      open_items: '[]',
      action: 'notify',
    },
  ],
  [
    'order_jeopardies',
    {
      id: 'OJ-2',
      order_id: 'ORD-5',
      committed_date: ago(19),
      detected_at: ago(19),
      open_items: '[]',
      action: 'notify',
    },
  ],
  [
    'products',
    {
      id: 'PRD-1',
      customer_id: 'CUST-1',
      product_offering_id: 'PO-A',
      order_id: 'ORD-1',
      item_id: '1',
      billing_account_id: 'BA-1',
      status: 'active',
      recurring_minor: 5_000,
      one_time_minor: 0,
      service_ids: '[]',
      region: 'PAR',
      start_date: ago(4),
    },
  ],
  [
    'products',
    {
      id: 'PRD-2',
      customer_id: 'CUST-1',
      product_offering_id: 'PO-B',
      order_id: 'ORD-1',
      item_id: '2',
      billing_account_id: 'BA-1',
      status: 'terminated',
      recurring_minor: 5_000,
      one_time_minor: 0,
      service_ids: '[]',
      region: 'PAR',
      start_date: ago(4),
    },
  ],
  ['contacts', contact('CT-1', 'phone', 'product order', 3, 300)],
  ['contacts', contact('CT-2', 'phone', 'trouble report', 2, 100, false)],
  ['contacts', contact('CT-3', 'web', 'product order', 1, null)],
  ['contacts', contact('CT-4', 'phone', 'product order', 10, 999)],
  ...serviceRows(
    ago(30),
    [
      { id: 'SVC-1', customerId: 'CUST-1', state: 'active', cfsSpecId: 'CFS-A' },
      { id: 'SVC-2', customerId: 'CUST-2', state: 'active', cfsSpecId: 'CFS-B' },
    ],
    false,
  ),
  ['service_problems', problem('SP-1', 'SVC-1', 'resolved', 3, 4)],
  ['service_problems', problem('SP-2', 'SVC-1', 'inProgress', 2)],
  ['service_problems', problem('SP-3', 'SVC-2', 'closed', 1, 2)],
  ['service_problems', { ...problem('SP-4', 'SVC-1', 'inProgress', 2), correlated_with: 'SP-2' }],
  ['service_problems', problem('SP-5', 'SVC-2', 'closed', 10, 1)],
  // Outages: one begun before the window (its hour inside counts), one inside, one over before it.
  ['service_outages', outage('OUT-1', 'SVC-1', 'CUST-1', ago(8), ago(7, 1))],
  ['service_outages', outage('OUT-2', 'SVC-1', 'CUST-1', ago(3), ago(3, 0.5))],
  ['service_outages', outage('OUT-3', 'SVC-2', 'CUST-2', ago(10), ago(9))],
  ['sla_credits', credit('CR-1', 'CUST-1', 1_500, 'pending', 2)],
  ['sla_credits', credit('CR-2', 'CUST-1', 700, 'cancelled', 2)],
  ['sla_credits', credit('CR-3', 'CUST-2', 300, 'applied', 20)],
  ['service_tests', test('ST-1', 'SVC-1', 1, 2)],
  ['service_tests', test('ST-2', 'SVC-1', 0, 1)],
  ['service_tests', test('ST-3', 'SVC-2', 0, 9)],
];

export function operationalTrendsContract(adapter: string, make: () => Promise<OperationalTrendHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`operational trends port on ${adapter}`, () => {
    it(
      'contacts: per channel and per reason in the window, mean duration of those timed, open ones',
      withStore(async (h) => {
        expect(await h.port.trend('contacts', SINCE)).toEqual({
          sources: ['contacts'],
          rows: [
            { group: 'channel:phone', figures: { contacts: 2, meanDurationSeconds: 200, open: 1 } },
            { group: 'channel:web', figures: { contacts: 1, meanDurationSeconds: 0, open: 0 } },
            { group: 'reason:product order', figures: { contacts: 2, meanDurationSeconds: 300 } },
            { group: 'reason:trouble report', figures: { contacts: 1, meanDurationSeconds: 100 } },
          ],
        });
      }),
    );

    it(
      'orders: per channel in the window — completed, cancelled, mean cycle hours, jeopardies',
      withStore(async (h) => {
        expect(await h.port.trend('orders', SINCE)).toEqual({
          sources: ['product_orders', 'order_jeopardies'],
          rows: [
            {
              group: 'channel:shop',
              figures: { orders: 1, completed: 0, cancelled: 0, meanCycleHours: 0, jeopardies: 0 },
            },
            {
              group: 'channel:web',
              figures: { orders: 3, completed: 2, cancelled: 1, meanCycleHours: 15, jeopardies: 1 },
            },
          ],
        });
      }),
    );

    it(
      'retention: per segment — active, lost, acquired in the window, prospects, products terminated',
      withStore(async (h) => {
        expect(await h.port.trend('retention', SINCE)).toEqual({
          sources: ['customers', 'products'],
          rows: [
            {
              group: 'segment:business',
              figures: { active: 2, lost: 1, acquired: 1, prospects: 0, productsTerminated: 1 },
            },
            {
              group: 'segment:residential',
              figures: { active: 1, lost: 0, acquired: 1, prospects: 1, productsTerminated: 0 },
            },
          ],
        });
      }),
    );

    it(
      'orders per offering and per channel and segment, with the recurring revenue completed',
      withStore(async (h) => {
        expect(await h.port.trend('offeringOrders', SINCE)).toEqual({
          sources: ['product_orders', 'product_order_items'],
          rows: [
            { group: 'offering:PO-A', figures: { orders: 3, completed: 2, failed: 1 } },
            { group: 'offering:PO-B', figures: { orders: 2, completed: 1, failed: 0 } },
            { group: 'offering:PO-C', figures: { orders: 0, completed: 0, failed: 0 } },
          ],
        });
        expect(await h.port.trend('salesChannels', SINCE)).toEqual({
          sources: ['product_orders'],
          rows: [
            { group: 'channel:shop/residential', figures: { orders: 1, completed: 0, recurringRevenueMinor: 0 } },
            { group: 'channel:web/business', figures: { orders: 3, completed: 2, recurringRevenueMinor: 10_000 } },
          ],
        });
      }),
    );

    it(
      'service problems: per class and per service in the window, correlated ones once, mean hours to restore, open ones',
      withStore(async (h) => {
        expect(await h.port.trend('serviceProblems', SINCE)).toEqual({
          sources: ['service_problems'],
          rows: [
            // SQLite's julianday arithmetic is off by microseconds: hours to six places.
            { group: 'class:CFS-A', figures: { problems: 2, meanHoursToRestore: expect.closeTo(4, 6), open: 1 } },
            { group: 'class:CFS-B', figures: { problems: 1, meanHoursToRestore: expect.closeTo(2, 6), open: 0 } },
            { group: 'service:SVC-1', figures: { problems: 2 } },
            { group: 'service:SVC-2', figures: { problems: 1 } },
          ],
        });
        expect((await h.port.trend('serviceProblems', NOW)).rows).toEqual([]);
      }),
    );

    it(
      'customer QoS and service quality: outage minutes inside the window, SLA credits not cancelled, tests and failures',
      withStore(async (h) => {
        expect(await h.port.trend('customerQos', SINCE)).toEqual({
          sources: ['service_outages', 'sla_credits', 'services'],
          rows: [
            {
              group: 'customer:CUST-1',
              figures: { services: 1, outageMinutes: expect.closeTo(90, 3), slaCredits: 1, creditMinor: 1_500 },
            },
            { group: 'customer:CUST-2', figures: { services: 1, outageMinutes: 0, slaCredits: 0, creditMinor: 0 } },
          ],
        });
        expect(await h.port.trend('serviceQuality', SINCE)).toEqual({
          sources: ['services', 'service_outages', 'service_tests'],
          rows: [
            {
              group: 'class:CFS-A',
              figures: { services: 1, outageMinutes: expect.closeTo(90, 3), tests: 2, failedTests: 1 },
            },
            { group: 'class:CFS-B', figures: { services: 1, outageMinutes: 0, tests: 0, failedTests: 0 } },
          ],
        });
      }),
    );

    it(
      'campaigns planned with the orders since, partner problems and supplier performance per supplier',
      withStore(async (h) => {
        const plan = (id: string, region: string, offering: string, daysAgo: number): Fixture => [
          'campaign_plans',
          {
            id,
            name: id,
            region,
            segment: 'business',
            product_offering_id: offering,
            rationale: 'r',
            figures: '{}',
            run_id: 'RUN-1',
            created_at: ago(daysAgo),
          },
        ];
        const problem = (id: string, supplier: string, daysAgo: number, over: Record<string, unknown>): Fixture => [
          'partner_problems',
          {
            id,
            service_problem_id: `SP-${id}`,
            service_id: 'SVC-1',
            customer_id: 'CUST-1',
            supplier_id: supplier,
            requisition_id: 'REQ-1',
            resource_id: 'RES-1',
            description: 'd',
            state: 'inProgress',
            reported_at: ago(daysAgo),
            updated_at: ago(daysAgo),
            ...over,
          },
        ];
        const period = (
          supplier: string,
          endDaysAgo: number,
          slaMet: number,
          availabilityBp: number,
          problems: number,
        ): Fixture => [
          'supplier_performance',
          {
            supplier_id: supplier,
            period_start: ago(endDaysAgo + 30),
            period_end: ago(endDaysAgo),
            supplied_resources: 3,
            problems,
            resolved: problems,
            escalations: 0,
            downtime_minutes: 10,
            availability_bp: availabilityBp,
            sla_bp: 9_950,
            sla_met: slaMet,
            measured_at: ago(endDaysAgo),
          },
        ];
        for (const f of [
          plan('CP-1', 'PAR', 'PO-A', 6),
          plan('CP-2', 'PAR', 'PO-B', 3),
          plan('CP-3', 'PAR', 'PO-C', 10),
          ['suppliers', { id: 'SUP-A', name: 'A', email: 'a@example.net' }],
          ['suppliers', { id: 'SUP-B', name: 'B', email: 'b@example.net' }],
          problem('PP-1', 'SUP-A', 5, { state: 'resolved', escalated: 1, reopened: 1, resolved_at: ago(5, 6) }),
          problem('PP-2', 'SUP-A', 2, {}),
          problem('PP-3', 'SUP-B', 10, {}),
          period('SUP-A', 1, 0, 9_900, 2),
          period('SUP-A', 31, 0, 9_000, 5),
          period('SUP-B', 3, 1, 10_000, 0),
        ] satisfies Fixture[])
          await h.insert(...f);
        expect(await h.port.trend('campaigns', SINCE)).toEqual({
          sources: ['campaign_plans', 'campaigns', 'leads'],
          rows: [
            { group: 'plan:PAR/PO-A', figures: { planned: 1, ordersSince: 3 } },
            { group: 'plan:PAR/PO-B', figures: { planned: 1, ordersSince: 1 } },
          ],
        });
        expect(await h.port.trend('partnerProblems', SINCE)).toEqual({
          sources: ['partner_problems'],
          rows: [
            {
              group: 'supplier:SUP-A',
              figures: { problems: 2, escalated: 1, reopened: 1, meanHoursToResolve: expect.closeTo(6, 6) },
            },
          ],
        });
        expect(await h.port.trend('supplierPerformance', SINCE)).toEqual({
          sources: ['supplier_performance'],
          rows: [
            {
              group: 'supplier:SUP-A',
              figures: { periods: 1, slaBreaches: 1, meanAvailabilityBp: 9_900, problems: 2 },
            },
            {
              group: 'supplier:SUP-B',
              figures: { periods: 1, slaBreaches: 0, meanAvailabilityBp: 10_000, problems: 0 },
            },
          ],
        });
      }),
    );

    it(
      'requisitions per supplier: refused, late against the clock, mean hours from placing to the answer',
      withStore(async (h) => {
        const order = (
          id: string,
          supplier: string | null,
          state: string,
          daysAgo: number,
          due: string | null,
        ): Fixture => [
          'partner_orders',
          {
            id,
            service_order_id: `SO-${id}`,
            service_id: 'SVC-1',
            customer_id: 'CUST-1',
            region: 'PAR',
            resource_spec_id: 'RS-X',
            quantity: 1,
            state,
            supplier_id: supplier,
            expected_delivery: due,
            created_at: ago(daysAgo),
            updated_at: ago(daysAgo),
          },
        ];
        const event = (orderId: string, kind: string, at: string): Fixture => [
          'partner_order_events',
          { partner_order_id: orderId, kind, at },
        ];
        for (const f of [
          order('PO-1', 'SUP-A', 'placed', 5, ago(1)),
          event('PO-1', 'placed', ago(5)),
          event('PO-1', 'acknowledged', ago(5, 4)),
          order('PO-2', 'SUP-A', 'rejected', 3, ago(1)),
          event('PO-2', 'placed', ago(3)),
          event('PO-2', 'rejected', ago(3, 10)),
          order('PO-3', null, 'acknowledged', 2, null),
          order('PO-4', 'SUP-A', 'placed', 20, ago(10)),
        ] satisfies Fixture[])
          await h.insert(...f);
        expect(await h.port.trend('requisitions', SINCE)).toEqual({
          sources: ['partner_orders', 'partner_order_events'],
          rows: [
            {
              group: 'supplier:SUP-A',
              figures: { orders: 2, refused: 1, late: 1, meanResponseHours: expect.closeTo(7, 6) },
            },
            { group: 'supplier:unassigned', figures: { orders: 1, refused: 0, late: 0, meanResponseHours: 0 } },
          ],
        });
      }),
    );

    it(
      'a window after everything: no rows where groups come from the history, zeros where from the catalog',
      withStore(async (h) => {
        expect((await h.port.trend('contacts', NOW)).rows).toEqual([]);
        expect((await h.port.trend('orders', NOW)).rows).toEqual([]);
        expect((await h.port.trend('salesChannels', NOW)).rows).toEqual([]);
        expect((await h.port.trend('retention', NOW)).rows.map((r) => r.figures.acquired)).toEqual([0, 0]);
      }),
    );
  });
}
