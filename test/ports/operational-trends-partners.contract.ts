import { expect, it } from 'vitest';
import { ago, SINCE, type WithStore } from './operational-trends-fixtures';
import type { Fixture } from './table-rows';

/**
 * The operational trends of partners and campaigns (part of operational-trends.contract.ts):
 * campaigns planned and the orders since, partner problems, supplier performance, requisitions
 * per supplier. Each test adds the rows it reads to the contract's shared history; registered
 * inside the contract's describe so the suite keeps one name per adapter.
 */
export function operationalTrendsPartnersContract(withStore: WithStore): void {
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
}
