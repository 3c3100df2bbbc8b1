import type { Campaign } from '../../src/domain/lifecycle/sales';
import type { NewLead, NewProspect, NewQuote, SalesPort } from '../../src/ports/sales';
import type { Fixture, StoreHarness } from './table-rows';

/**
 * What the sales port's contract (sales.contract.ts) starts from: the store's clock, the harness,
 * the rows put in before each test, and the campaign, lead, prospect and quote it records.
 */

export const NOW = '2026-03-02T09:00:00.000Z';

export type SalesHarness = StoreHarness<SalesPort>;

/** An offering (one service needing one port), three customers, and what CUST-9001 holds and said. */
export const FIXTURES: Fixture[] = [
  [
    'product_offerings',
    {
      id: 'PO-A',
      name: 'A',
      description: 'A',
      recurring_minor: 5_000,
      one_time_minor: 0,
      lead_time_days: 5,
      segment: 'business',
    },
  ],
  ['cfs_specs', { id: 'CFS-A', name: 'A access', service_type: 'access' }],
  ['resource_specs', { id: 'RS-PORT', name: 'port', resource_type: 'port' }],
  ['resource_specs', { id: 'RS-CPE', name: 'cpe', resource_type: 'cpe' }],
  ['offering_services', { offering_id: 'PO-A', cfs_spec_id: 'CFS-A' }],
  ['cfs_resource_specs', { cfs_spec_id: 'CFS-A', resource_spec_id: 'RS-PORT', quantity: 1, role: 'resource' }],
  [
    'resources',
    {
      id: 'PORT-PAR-1',
      spec_id: 'RS-PORT',
      resource_type: 'port',
      name: 'p',
      region: 'PAR',
      attributes: '{}',
      updated_at: NOW,
    },
  ],
  [
    'resources',
    {
      id: 'CPE-LIL-1',
      spec_id: 'RS-CPE',
      resource_type: 'cpe',
      name: 'c',
      region: 'LIL',
      attributes: '{}',
      updated_at: NOW,
    },
  ],
  [
    'resources',
    {
      id: 'PORT-NCE-1',
      spec_id: 'RS-PORT',
      resource_type: 'port',
      name: 'r',
      region: 'NCE',
      state: 'retired',
      attributes: '{}',
      updated_at: NOW,
    },
  ],
  ['suppliers', { id: 'SUP-1', name: 'Beta', email: 'beta@example.net' }],
  [
    'supplier_contracts',
    {
      id: 'SC-LYO',
      supplier_id: 'SUP-1',
      resource_spec_id: 'RS-PORT',
      region: 'LYO',
      price_minor: 1_000,
      lead_time_days: 10,
      availability_sla_pct: 99.9,
      valid_until: '2027-01-01',
    },
  ],
  [
    'supplier_contracts',
    {
      id: 'SC-MRS',
      supplier_id: 'SUP-1',
      resource_spec_id: 'RS-PORT',
      region: 'MRS',
      price_minor: 1_000,
      lead_time_days: 10,
      availability_sla_pct: 99.9,
      valid_until: '2026-01-01',
    },
  ],
  [
    'customers',
    {
      id: 'CUST-9001',
      name: 'Ana',
      segment: 'business',
      region: 'PAR',
      email: 'Ana@Example.net',
      status: 'active',
      created_at: NOW,
    },
  ],
  [
    'customers',
    {
      id: 'CUST-9002',
      name: 'Bo',
      segment: 'business',
      region: 'PAR',
      email: 'bo@example.net',
      status: 'suspended',
      created_at: NOW,
    },
  ],
  [
    'customers',
    {
      id: 'CUST-9003',
      name: 'Cy',
      segment: 'residential',
      region: 'PAR',
      email: 'cy@example.net',
      status: 'active',
      created_at: NOW,
    },
  ],
  ['billing_accounts', { id: 'BA-9001', customer_id: 'CUST-9001', created_at: NOW }],
  [
    'product_orders',
    {
      id: 'ORD-9001',
      customer_id: 'CUST-9001',
      channel: 'web',
      state: 'completed',
      created_at: NOW,
      updated_at: NOW,
    },
  ],
  [
    'product_order_items',
    {
      order_id: 'ORD-9001',
      item_id: '1',
      action: 'add',
      product_offering_id: 'PO-A',
      region: 'PAR',
      characteristics: '{"bandwidthMbps":100}',
      state: 'completed',
    },
  ],
  [
    'product_order_items',
    {
      order_id: 'ORD-9001',
      item_id: '2',
      action: 'add',
      product_offering_id: 'PO-A',
      region: 'PAR',
      characteristics: '{}',
      state: 'completed',
    },
  ],
  [
    'products',
    {
      id: 'PRD-1',
      customer_id: 'CUST-9001',
      product_offering_id: 'PO-A',
      order_id: 'ORD-9001',
      item_id: '1',
      billing_account_id: 'BA-9001',
      status: 'active',
      recurring_minor: 5_000,
      one_time_minor: 0,
      service_ids: '["SVC-1"]',
      region: 'PAR',
      start_date: NOW,
    },
  ],
  [
    'products',
    {
      id: 'PRD-2',
      customer_id: 'CUST-9001',
      product_offering_id: 'PO-A',
      order_id: 'ORD-9001',
      item_id: '2',
      billing_account_id: 'BA-9001',
      status: 'terminated',
      recurring_minor: 4_000,
      one_time_minor: 0,
      service_ids: '["SVC-2"]',
      region: 'PAR',
      start_date: NOW,
    },
  ],
  [
    'trouble_tickets',
    {
      id: 'TT-1',
      origin: 'customer',
      customer_id: 'CUST-9001',
      service_id: 'SVC-1',
      description: 'slow',
      urgency: 'medium',
      state: 'closed',
      created_at: NOW,
      updated_at: NOW,
    },
  ],
  [
    'trouble_tickets',
    {
      id: 'TT-2',
      origin: 'customer',
      customer_id: 'CUST-9001',
      product_id: 'PRD-2',
      description: 'down',
      urgency: 'high',
      state: 'resolved',
      created_at: NOW,
      updated_at: NOW,
    },
  ],
  [
    'trouble_tickets',
    {
      id: 'TT-3',
      origin: 'customer',
      customer_id: 'CUST-9001',
      service_id: 'SVC-1',
      description: 'typo',
      urgency: 'low',
      state: 'cancelled',
      created_at: NOW,
      updated_at: NOW,
    },
  ],
  [
    'contacts',
    { id: 'CT-1', customer_id: 'CUST-9001', channel: 'phone', reason: 'product order', summary: 's', opened_at: NOW },
  ],
  [
    'contacts',
    { id: 'CT-2', customer_id: 'CUST-9001', channel: 'web', reason: 'product order', summary: 's', opened_at: NOW },
  ],
  [
    'contacts',
    {
      id: 'CT-3',
      customer_id: 'CUST-9001',
      channel: 'phone',
      reason: 'trouble report',
      summary: 's',
      opened_at: NOW,
    },
  ],
];

export const campaign: Campaign = {
  id: 'CMP-SPRING',
  name: 'Spring',
  offeringId: 'PO-A',
  segment: 'business',
  region: 'PAR',
  channel: 'email',
  message: 'Fibre for your shop',
};
export const interest = [{ productOfferingId: 'PO-A', region: 'PAR', quantity: 1, characteristics: {} }];
export const newLead = (over: Partial<NewLead> = {}): NewLead => ({
  campaignId: null,
  customerId: null,
  name: 'Café Lumière',
  email: 'patron@cafe.example',
  segment: 'business',
  region: 'PAR',
  interest,
  requestedDiscountPct: 10,
  termMonths: 24,
  score: 100,
  state: 'new',
  reason: null,
  ...over,
});
export const newProspect = (leadId: string | null): NewProspect => ({
  leadId,
  customerId: null,
  name: 'Café Lumière',
  email: 'patron@cafe.example',
  segment: 'business',
  region: 'PAR',
  needs: interest,
  matchedOfferingIds: ['PO-A'],
  salesChannel: 'accountManager',
  winProbabilityPct: 40,
  estimatedRevenueMinor: 60_000,
});
export const newQuote = (prospectId: string): NewQuote => ({
  prospectId,
  customerId: null,
  lines: [{ ...interest[0]!, oneTimeMinor: 0, recurringMinor: 4_500 }],
  termMonths: 24,
  discountPct: 10,
  oneTimeMinor: 0,
  recurringMinor: 4_500,
  contractValueMinor: 108_000,
  validUntil: '2026-04-01T09:00:00.000Z',
});
export const cafe = {
  name: 'Café Lumière',
  email: 'patron@cafe.example',
  phone: null,
  segment: 'business',
  region: 'PAR',
};
export const starter = { creditScore: 700, creditLimitMinor: 500_000 };
