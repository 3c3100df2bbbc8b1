import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SlaCredit } from '../../src/domain/assurance/sla-credit';
import type { Bill } from '../../src/domain/billing/billing';
import type { BillEvent, BillingAccountEvent, BillingPort } from '../../src/ports/billing';
import type { Fixture, StoreHarness } from './table-rows';

/** The billing contract's starting point (test/ports/billing.contract.ts), and what its tests share. */

export const NOW = '2026-07-01T06:00:00.000Z';
export const JUNE = { periodStart: '2026-06-01T00:00:00.000Z', periodEnd: '2026-07-01T00:00:00.000Z' };
/** Past 2^32 minor units: money is never a 32-bit integer. */
export const BIG = 5_000_000_000;

/** Beside the port: how many usage records a bill billed. */
export interface BillingReads {
  billedRecords(billId: string): Promise<number>;
}
export type BillingHarness = StoreHarness<BillingPort, BillingReads>;

const customer = (id: string, region: string): Fixture => [
  'customers',
  {
    id,
    name: `${id} SARL`,
    segment: 'business',
    region,
    email: `${id}@example.test`,
    status: 'active',
    created_at: NOW,
  },
];
const offering = (id: string, name: string): Fixture => [
  'product_offerings',
  { id, name, description: name, recurring_minor: 0, one_time_minor: 0, lead_time_days: 5, segment: 'business' },
];
const product = (
  id: string,
  ba: string,
  cust: string,
  po: string,
  recurring: number,
  status: string,
  services: string[],
): Fixture => [
  'products',
  {
    id,
    customer_id: cust,
    product_offering_id: po,
    order_id: `ORD-${cust}`,
    item_id: id,
    billing_account_id: ba,
    status,
    recurring_minor: recurring,
    one_time_minor: 0,
    service_ids: JSON.stringify(services),
    region: 'PAR',
    start_date: '2026-02-01T00:00:00.000Z',
  },
];
const period = (productId: string, from: string, to: string | null, recurring: number): Fixture => [
  'product_charge_periods',
  { product_id: productId, valid_from: from, valid_to: to, recurring_minor: recurring, status: 'active' },
];
const service = (id: string, cust: string, state: string): Fixture[] => [
  [
    'service_orders',
    {
      id: `SO-${id}`,
      product_order_id: `ORD-${cust}`,
      item_id: '1',
      customer_id: cust,
      cfs_spec_id: 'CFS-ACCESS',
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
      id,
      cfs_spec_id: 'CFS-ACCESS',
      customer_id: cust,
      region: 'PAR',
      state,
      characteristics: '{}',
      service_order_id: `SO-${id}`,
      design: '{}',
      created_at: NOW,
      updated_at: NOW,
    },
  ],
];
let seq = 0;
export const usage = (
  cust: string,
  svc: string,
  type: string,
  state: string,
  units: number,
  charge: number,
): Fixture => [
  'usage_records',
  {
    collection_id: 'COL-1',
    element_id: 'NE-1',
    element_seq: ++seq,
    raw: 'cdr',
    state,
    usage_type: type,
    service_id: svc,
    customer_id: cust,
    units,
    allowance_units: 0,
    charge_minor: charge,
    updated_at: NOW,
  },
];

/**
 * CUST-1 (Paris, credit limit 80 000) has BA-1: PRD-1 fibre, modified on 21 June from 3 000 to
 * 4 500 a month, and PRD-2 voice at 1 990 (no charge period recorded: open from its start);
 * rated usage on both, one record not yet rated. CUST-2 (Lyon) has BA-2 with a ceased product only.
 */
export const FIXTURES: readonly Fixture[] = [
  customer('CUST-1', 'PAR'),
  customer('CUST-2', 'LYS'),
  ['credit_profiles', { customer_id: 'CUST-1', credit_score: 700, credit_limit_minor: 80_000, updated_at: NOW }],
  offering('PO-FIBRE', 'Business fibre'),
  offering('PO-VOICE', 'Telephone line'),
  ['cfs_specs', { id: 'CFS-ACCESS', name: 'Access', service_type: 'access' }],
  ['billing_accounts', { id: 'BA-1', customer_id: 'CUST-1', created_at: '2026-01-01T00:00:00.000Z' }],
  ['billing_accounts', { id: 'BA-2', customer_id: 'CUST-2', created_at: '2026-01-02T00:00:00.000Z' }],
  ...['CUST-1', 'CUST-2'].map((c): Fixture => [
    'product_orders',
    { id: `ORD-${c}`, customer_id: c, channel: 'web', state: 'completed', created_at: NOW, updated_at: NOW },
  ]),
  product('PRD-1', 'BA-1', 'CUST-1', 'PO-FIBRE', 4_500, 'active', ['SVC-1']),
  product('PRD-2', 'BA-1', 'CUST-1', 'PO-VOICE', 1_990, 'active', ['SVC-2', 'SVC-GONE']),
  product('PRD-3', 'BA-2', 'CUST-2', 'PO-VOICE', 1_990, 'terminated', ['SVC-3']),
  period('PRD-1', '2026-01-10T00:00:00.000Z', '2026-06-21T00:00:00.000Z', 3_000),
  period('PRD-1', '2026-06-21T00:00:00.000Z', null, 4_500),
  ...service('SVC-1', 'CUST-1', 'active'),
  ...service('SVC-2', 'CUST-1', 'terminated'),
  [
    'usage_collections',
    { id: 'COL-1', ...{ period_start: JUNE.periodStart, period_end: JUNE.periodEnd }, created_at: NOW },
  ],
  usage('CUST-1', 'SVC-1', 'data', 'rated', 30, BIG),
  usage('CUST-1', 'SVC-2', 'voice', 'rated', 5, 45),
  usage('CUST-1', 'SVC-1', 'data', 'rated', 12, 250),
  usage('CUST-1', 'SVC-1', 'data', 'guided', 7, 0),
  usage('CUST-2', 'SVC-3', 'voice', 'rated', 3, 27),
];

export const credit = (id: string, customerId: string, amountMinor: number) =>
  ({ id, customerId, amountMinor, reason: 'availability 99.1% < 99.9%' }) as SlaCredit;

/** A bill's change published as the API would (TMF678's state change), none when the state did not move. */
export const billEvent: BillEvent = (bill: Bill, before: Bill | undefined) =>
  bill.state === before?.state
    ? null
    : {
        api: 'customerBillManagement',
        entityType: 'customerBill',
        entityId: bill.id,
        eventType: 'CustomerBillStateChangeEvent',
        event: { id: bill.id, state: bill.state },
      };
export const accountEvent: BillingAccountEvent = (a) => ({
  api: 'accountManagement',
  entityType: 'billingAccount',
  entityId: a.id,
  eventType: 'BillingAccountStateChangeEvent',
  event: { id: a.id, state: a.status },
});

export const invoiceDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'etom-contract-bills-'));

/** The June run opened, BA-1's bill drafted (with a 500 credit) and issued. */
export async function issuedJuneBill(h: BillingHarness): Promise<Bill> {
  await h.port.openBillRun('k/open', { billRunId: 'RUN-06', ...JUNE });
  const draft = await h.port.draftBill('k/draft', {
    billRunId: 'RUN-06',
    billingAccountId: 'BA-1',
    credits: [credit('CR-1', 'CUST-1', 500)],
  });
  return h.port.issueBill('k/issue', { billId: draft.id, invoiceDir: invoiceDir(), dueAt: '2026-07-31' }, billEvent);
}
