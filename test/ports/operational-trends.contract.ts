import { describe, expect, it } from 'vitest';
import { operationalTrendsAssuranceContract } from './operational-trends-assurance.contract';
import { operationalTrendsPartnersContract } from './operational-trends-partners.contract';
import { operationalTrendsSettlementsContract } from './operational-trends-settlements.contract';
import { FIXTURES, NOW, type OperationalTrendHarness, SINCE } from './operational-trends-fixtures';
import { withFixtures } from './table-rows';

/**
 * The operational trend port's contract, for every adapter (docs/ADAPTERS.md), on every trend:
 * contacts, orders, retention, orders per offering, sales channels, service problems, customer
 * QoS, service quality, campaigns, requisitions, partner problems, supplier performance (here and
 * in -partners), trouble tickets, billing inquiries, resource troubles (-assurance), settlements
 * and partner contacts (-settlements), each over a window (`SINCE`), grouped by what the
 * readiness process watches, with figures as numbers (0 where there is nothing to average) and
 * the same figures on every store for the same rows. Read-only: no keys, no writes, nothing
 * half-done to prove.
 */

export { NOW, type OperationalTrendHarness } from './operational-trends-fixtures';

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

    operationalTrendsPartnersContract(withStore);
    operationalTrendsAssuranceContract(withStore);
    operationalTrendsSettlementsContract(withStore);

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
