import { expect, it } from 'vitest';
import { ago, NOW, SINCE, type WithStore } from './operational-trends-fixtures';
import type { Fixture } from './table-rows';

/**
 * The operational trends of supplier settlements and partner contacts (part of
 * operational-trends.contract.ts), per supplier: contracts, settlements and open disputes; the
 * exchanges on partner orders and notifications in the window, orders and problems the supplier
 * has not answered, contracts still valid and the days left on the first to end. Both tests read
 * the same suppliers' history, added to the contract's shared one.
 */

const contract = (id: string, supplier: string, validUntil: string, revenueSharePct: number): Fixture => [
  'supplier_contracts',
  {
    id,
    supplier_id: supplier,
    resource_spec_id: 'RS-X',
    region: 'PAR',
    price_minor: 10_000,
    lead_time_days: 5,
    availability_sla_pct: 99.5,
    valid_until: validUntil,
    revenue_share_pct: revenueSharePct,
  },
];
const order = (id: string, supplier: string, state: string, daysAgo: number, contractId?: string): Fixture => [
  'partner_orders',
  {
    id,
    service_order_id: `SO-${id}`,
    service_id: 'SVC-1',
    customer_id: 'CUST-1',
    region: 'PAR',
    resource_spec_id: 'RS-X',
    quantity: 2,
    state,
    supplier_id: supplier,
    ...(contractId ? { contract_id: contractId } : {}),
    created_at: ago(daysAgo),
    updated_at: ago(daysAgo),
  },
];
const event = (orderId: string, kind: string, at: string): Fixture => [
  'partner_order_events',
  { partner_order_id: orderId, kind, at },
];
const invoice = (id: string, supplier: string): Fixture => [
  'supplier_invoices',
  {
    id,
    supplier_id: supplier,
    supplier_reference: `R-${id}`,
    period: '2026-02',
    state: 'disputed',
    total_minor: 30_000,
    received_at: ago(4),
  },
];
const dispute = (id: string, invoiceId: string, state: string): Fixture => [
  'supplier_disputes',
  { id, invoice_id: invoiceId, amount_minor: 1_000, reason: 'not delivered', state, created_at: ago(3) },
];
const notification = (id: string, to: string, daysAgo: number): Fixture => [
  'notifications',
  { id, recipient: to, channel: 'email', subject: 's', body: 'b', created_at: ago(daysAgo) },
];
const problem = (id: string, state: string): Fixture => [
  'partner_problems',
  {
    id,
    service_problem_id: `SP-${id}`,
    service_id: 'SVC-1',
    customer_id: 'CUST-1',
    supplier_id: 'SUP-A',
    requisition_id: 'REQ-1',
    resource_id: 'RES-1',
    description: 'd',
    state,
    reported_at: ago(2),
    updated_at: ago(2),
  },
];

/** SUP-A: two contracts (one sharing revenue, ending in 2 days 15 hours); SUP-B: one expired; SUP-C: none, no address. */
const SUPPLIERS: Fixture[] = [
  ['resource_specs', { id: 'RS-X', name: 'access circuit', resource_type: 'access-circuit' }],
  ['suppliers', { id: 'SUP-A', name: 'A', email: 'a@example.net' }],
  ['suppliers', { id: 'SUP-B', name: 'B', email: 'b@example.net' }],
  ['suppliers', { id: 'SUP-C', name: 'C', email: '' }],
  contract('K-1', 'SUP-A', '2026-12-31', 0),
  contract('K-2', 'SUP-A', '2026-03-05', 10),
  contract('K-3', 'SUP-B', '2026-01-31', 0),
  // Placed and never answered (one before the window); answered and delivered; refused.
  order('PA-1', 'SUP-A', 'placed', 2),
  event('PA-1', 'placed', ago(2)),
  order('PA-2', 'SUP-A', 'accepted', 5, 'K-1'),
  event('PA-2', 'placed', ago(5)),
  event('PA-2', 'acknowledged', ago(5, 3)),
  event('PA-2', 'delivered', ago(3)),
  order('PA-3', 'SUP-A', 'placed', 9),
  event('PA-3', 'placed', ago(9)),
  order('PB-1', 'SUP-B', 'rejected', 1),
  event('PB-1', 'placed', ago(1)),
  event('PB-1', 'rejected', ago(1, 2)),
  invoice('INV-A', 'SUP-A'),
  invoice('INV-B', 'SUP-B'),
  dispute('D-1', 'INV-A', 'open'),
  dispute('D-2', 'INV-A', 'refused'),
  dispute('D-3', 'INV-B', 'open'),
  [
    'supplier_settlements',
    {
      id: 'SET-1',
      supplier_id: 'SUP-A',
      period: '2026-01',
      paid_minor: 20_000,
      revenue_share_minor: 0,
      notice: 'paid',
      created_at: ago(20),
    },
  ],
  notification('N-1', 'a@example.net', 1),
  notification('N-2', 'a@example.net', 10),
  notification('N-3', 'b@example.net', 2),
  problem('PP-1', 'reported'),
  problem('PP-2', 'inProgress'),
];

export function operationalTrendsSettlementsContract(withStore: WithStore): void {
  it(
    'settlements per supplier: contracts, revenue-sharing ones, what is payable, settlements and open disputes',
    withStore(async (h) => {
      for (const f of SUPPLIERS) await h.insert(...f);
      expect(await h.port.trend('settlements', SINCE)).toEqual({
        sources: ['supplier_contracts', 'partner_orders', 'supplier_settlements'],
        rows: [
          // Payable: PA-2, accepted, 2 at K-1's 10,000; PA-1 and PA-3 are still placed.
          {
            group: 'supplier:SUP-A',
            figures: { contracts: 2, revenueShareContracts: 1, payableMinor: 20_000, settlements: 1, disputes: 1 },
          },
          {
            group: 'supplier:SUP-B',
            figures: { contracts: 1, revenueShareContracts: 0, payableMinor: 0, settlements: 0, disputes: 1 },
          },
          {
            group: 'supplier:SUP-C',
            figures: { contracts: 0, revenueShareContracts: 0, payableMinor: 0, settlements: 0, disputes: 0 },
          },
        ],
      });
    }),
  );

  it(
    'partner contacts per supplier: exchanges and notifications in the window, unanswered orders and problems, contracts left',
    withStore(async (h) => {
      for (const f of SUPPLIERS) await h.insert(...f);
      expect(NOW).toBe('2026-03-02T09:00:00.000Z');
      expect(await h.port.trend('partnerContacts', SINCE)).toEqual({
        sources: ['partner_order_events', 'notifications', 'supplier_contracts', 'partner_problems'],
        rows: [
          {
            group: 'supplier:SUP-A',
            figures: {
              orderExchanges: 4,
              notifications: 1,
              unansweredOrders: 2,
              validContracts: 2,
              // K-2 ends at 2026-03-05T00:00Z: 2 days 15 hours after NOW (days to six places: julianday).
              minContractDaysLeft: expect.closeTo(2.625, 6),
              hasContact: 1,
              unansweredProblems: 1,
            },
          },
          {
            group: 'supplier:SUP-B',
            figures: {
              orderExchanges: 2,
              notifications: 1,
              unansweredOrders: 0,
              validContracts: 0,
              minContractDaysLeft: expect.closeTo(-30.375, 6),
              hasContact: 1,
              unansweredProblems: 0,
            },
          },
          {
            group: 'supplier:SUP-C',
            figures: {
              orderExchanges: 0,
              notifications: 0,
              unansweredOrders: 0,
              validContracts: 0,
              minContractDaysLeft: 0,
              hasContact: 0,
              unansweredProblems: 0,
            },
          },
        ],
      });
    }),
  );
}
