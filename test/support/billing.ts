import type { Ports } from '../../src/ports';

/**
 * The SLA credit the bill cycle tests put on CUST-1001's fibre bill: June 2026's outage beyond
 * the 4 h restore target, 12.90 EUR; answers the credit as recorded.
 */
export const recordOutageCredit = (ports: Pick<Ports, 'slaCredits'>) =>
  ports.slaCredits.record('sla', {
    customerId: 'CUST-1001',
    productId: 'PRD-IB01',
    serviceId: 'SVC-IB01-1',
    slaId: 'PO-FIBRE-BIZ',
    periodStart: '2026-06-01T00:00:00.000Z',
    periodEnd: '2026-06-30T00:00:00.000Z',
    amountMinor: 1_290,
    currency: 'EUR',
    reason: 'outage beyond the 4 h restore target',
  });
