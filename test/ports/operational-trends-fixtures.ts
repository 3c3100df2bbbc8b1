import type { OperationalTrendPort } from '../../src/ports/operational-trends';
import type { withHarness } from './harness';
import { serviceRows } from './service-rows';
import type { Fixture, StoreHarness } from './table-rows';

/**
 * The history the operational trend contract reads (part of operational-trends.contract.ts):
 * customers, orders, contacts, services and their problems, outages, credits and tests, dated
 * against `NOW` so that some fall inside the window (`SINCE`) and some before it.
 */

export const NOW = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;
export const ago = (days: number, hoursMore = 0) =>
  new Date(Date.parse(NOW) - days * DAY + hoursMore * 3_600_000).toISOString();
export const SINCE = ago(7);

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
export const FIXTURES: Fixture[] = [
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

export type WithStore = ReturnType<typeof withHarness<OperationalTrendHarness>>;
