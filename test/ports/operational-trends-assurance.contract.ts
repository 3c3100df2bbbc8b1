import { expect, it } from 'vitest';
import { ago, SINCE, type WithStore } from './operational-trends-fixtures';
import type { Fixture } from './table-rows';

/**
 * The operational trends of customer assurance and billing (part of operational-trends.contract.ts):
 * trouble tickets and technicians per region, billing inquiries per region (contacts, requests and
 * billing's own inquiries), resource troubles per resource. Each test adds the rows it reads to
 * the contract's shared history (customers in PAR) and a customer in LYO.
 */

const LYON: Fixture = [
  'customers',
  {
    id: 'CUST-L',
    name: 'CUST-L',
    segment: 'residential',
    region: 'LYO',
    email: 'cust-l@example.net',
    status: 'active',
    created_at: ago(30),
  },
];

export function operationalTrendsAssuranceContract(withStore: WithStore): void {
  it(
    'trouble tickets per region in the window, linked ones once: urgent, resolved, mean hours to resolve, technicians available',
    withStore(async (h) => {
      const ticket = (
        id: string,
        customer: string,
        urgency: string,
        daysAgo: number,
        resolvedHours?: number,
        linkedTo?: string,
      ): Fixture => [
        'trouble_tickets',
        {
          id,
          origin: 'customer',
          customer_id: customer,
          description: id,
          urgency,
          state: resolvedHours === undefined ? 'inProgress' : 'resolved',
          created_at: ago(daysAgo),
          updated_at: ago(daysAgo),
          ...(resolvedHours === undefined ? {} : { resolved_at: ago(daysAgo, resolvedHours) }),
          ...(linkedTo ? { linked_to: linkedTo } : {}),
        },
      ];
      const technician = (id: string, region: string, available: number): Fixture => [
        'technicians',
        { id, name: id, region, skills: '["fibre"]', available },
      ];
      for (const f of [
        LYON,
        ticket('TT-1', 'CUST-1', 'high', 3, 6),
        ticket('TT-2', 'CUST-2', 'critical', 2),
        ticket('TT-3', 'CUST-1', 'low', 2, undefined, 'TT-2'),
        ticket('TT-4', 'CUST-1', 'medium', 10, 1),
        ticket('TT-5', 'CUST-L', 'medium', 1, 2),
        technician('TECH-1', 'PAR', 1),
        technician('TECH-2', 'PAR', 0),
        technician('TECH-3', 'LYO', 1),
      ] satisfies Fixture[])
        await h.insert(...f);
      expect(await h.port.trend('troubleTickets', SINCE)).toEqual({
        sources: ['trouble_tickets'],
        rows: [
          // SQLite's julianday arithmetic is off by microseconds: hours to six places.
          {
            group: 'region:LYO',
            figures: { tickets: 1, urgent: 0, resolved: 1, meanHoursToResolve: expect.closeTo(2, 6), technicians: 1 },
          },
          {
            group: 'region:PAR',
            figures: { tickets: 2, urgent: 2, resolved: 1, meanHoursToResolve: expect.closeTo(6, 6), technicians: 1 },
          },
        ],
      });
    }),
  );

  it(
    'billing inquiries per region in the window: bill contacts (any case) with requests and billing inquiries, complaints, accounts',
    withStore(async (h) => {
      const contact = (id: string, customer: string, reason: string, summary: string, daysAgo: number): Fixture => [
        'contacts',
        { id, customer_id: customer, channel: 'phone', reason, summary, opened_at: ago(daysAgo) },
      ];
      const request = (id: string, contactId: string, type: string, daysAgo: number): Fixture => [
        'customer_requests',
        {
          id,
          contact_id: contactId,
          customer_id: 'CUST-1',
          request_type: type,
          payload: '{}',
          status: 'received',
          created_at: ago(daysAgo),
          updated_at: ago(daysAgo),
        },
      ];
      const inquiry = (id: string, customer: string, daysAgo: number): Fixture => [
        'billing_inquiries',
        {
          id,
          customer_id: customer,
          bill_id: 'BILL-1',
          claim: 'too high',
          state: 'notUpheld',
          finding: 'as rated',
          created_at: ago(daysAgo),
        },
      ];
      for (const f of [
        LYON,
        ['billing_accounts', { id: 'BA-L', customer_id: 'CUST-L', created_at: ago(30) }],
        [
          'bill_runs',
          { id: 'BR-1', period_start: '2026-01-01', period_end: '2026-01-31', state: 'completed', created_at: ago(20) },
        ],
        [
          'bills',
          {
            id: 'BILL-1',
            bill_run_id: 'BR-1',
            billing_account_id: 'BA-1',
            customer_id: 'CUST-1',
            period_start: '2026-01-01',
            period_end: '2026-01-31',
            currency: 'EUR',
            state: 'issued',
            net_minor: 5_000,
            tax_minor: 1_000,
            total_minor: 6_000,
            created_at: ago(20),
          },
        ],
        contact('CT-B1', 'CUST-1', 'Bill question', 'why so high', 2),
        contact('CT-B2', 'CUST-1', 'invoice', 'the customer disputes a charge', 1),
        contact('CT-B3', 'CUST-1', 'billing', 'before the window', 10),
        contact('CT-B4', 'CUST-L', 'bill complaint', 'roaming', 1),
        request('CR-1', 'CT-B1', 'billInquiry', 2),
        request('CR-2', 'CT-1', 'productOrder', 3),
        request('CR-3', 'CT-B3', 'billDispute', 10),
        inquiry('BI-1', 'CUST-1', 1),
        inquiry('BI-2', 'CUST-1', 9),
        inquiry('BI-3', 'CUST-L', 1),
      ] satisfies Fixture[])
        await h.insert(...f);
      expect(await h.port.trend('billingInquiries', SINCE)).toEqual({
        sources: ['contacts', 'customer_requests', 'billing_inquiries'],
        rows: [
          { group: 'region:LYO', figures: { accounts: 1, inquiries: 2, complaints: 1, requests: 0 } },
          // Two bill contacts, one bill request, one billing inquiry; the contact disputing a charge complains.
          { group: 'region:PAR', figures: { accounts: 1, inquiries: 4, complaints: 1, requests: 1 } },
        ],
      });
    }),
  );

  it(
    'resource troubles per resource in the window, and those still open',
    withStore(async (h) => {
      const trouble = (id: string, resource: string, state: string, daysAgo: number): Fixture => [
        'resource_troubles',
        {
          id,
          origin: 'alarm',
          resource_id: resource,
          description: id,
          state,
          created_at: ago(daysAgo),
          updated_at: ago(daysAgo),
        },
      ];
      for (const f of [
        trouble('RT-1', 'RES-1', 'acknowledged', 2),
        trouble('RT-2', 'RES-1', 'resolved', 3),
        trouble('RT-3', 'RES-2', 'closed', 1),
        trouble('RT-4', 'RES-2', 'recovering', 10),
      ] satisfies Fixture[])
        await h.insert(...f);
      expect(await h.port.trend('resourceTroubles', SINCE)).toEqual({
        sources: ['resource_troubles'],
        rows: [
          { group: 'resource:RES-1', figures: { troubles: 2, open: 1 } },
          { group: 'resource:RES-2', figures: { troubles: 1, open: 0 } },
        ],
      });
    }),
  );
}
