import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import type { InteractionReport, SupplierRequest } from '../../src/domain/lifecycle/partner-interaction';
import type { PartnerInteractionPort } from '../../src/ports/partner-interactions';
import { rejection } from './harness';
import type { SimulatedSupplier } from './simulated-supplier';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * S/P Interface Management's contract (S/PRM), for every adapter (docs/ADAPTERS.md): the supplier
 * as stored, what it may ask about — our partner orders, the problems we reported to it, what we
 * owe it (delivered requisitions at contract price, past 2^32, and the invoices Settlements
 * assessed) — by its reference or ours, and its requests and the interaction reports recorded once
 * per key, also by workers recording at once. The clock reads `NOW`.
 */

export const NOW = '2026-07-01T06:00:00.000Z';
const BIG = 5_000_000_000;

export type PartnerInteractionHarness = StoreHarness<PartnerInteractionPort, SimulatedSupplier>;

const partnerOrder = (
  id: string,
  supplier: string,
  state: string,
  requisition: string | null,
  reference: string | null,
): Fixture => [
  'partner_orders',
  {
    id,
    service_order_id: `SO-${id}`,
    service_id: `SVC-${id}`,
    customer_id: 'CUST-1',
    region: 'MRS',
    resource_spec_id: 'RS-AC',
    quantity: 2,
    state,
    supplier_id: supplier,
    contract_id: `SC-${supplier}`,
    requisition_id: requisition,
    supplier_reference: reference,
    expected_delivery: '2026-07-15',
    created_at: NOW,
    updated_at: NOW,
  },
];
const problem = (id: string, supplier: string, requisition: string, reportedAt: string): Fixture => [
  'partner_problems',
  {
    id,
    service_problem_id: `SP-${id}`,
    service_id: 'SVC-1',
    customer_id: 'CUST-1',
    supplier_id: supplier,
    requisition_id: requisition,
    resource_id: 'R-1',
    description: `fault ${id}`,
    state: 'acknowledged',
    supplier_reference: `T-${id}`,
    reported_at: reportedAt,
    updated_at: reportedAt,
  },
];
const contract = (supplier: string, price: number): Fixture => [
  'supplier_contracts',
  {
    id: `SC-${supplier}`,
    supplier_id: supplier,
    resource_spec_id: 'RS-AC',
    region: 'MRS',
    price_minor: price,
    lead_time_days: 10,
    availability_sla_pct: 99.9,
    valid_until: '2027-12-31',
  },
];

const supplied = (id: string): Fixture => [
  'resources',
  {
    id,
    spec_id: 'RS-AC',
    resource_type: 'access-circuit',
    name: id,
    region: 'MRS',
    attributes: JSON.stringify({ supplierId: 'SUP-A', supplierReference: 'A-90', requisitionId: 'REQ-9' }),
    state: 'inService',
    updated_at: NOW,
  },
];

/**
 * Alpha: PO-1 delivered and accepted (REQ-1, its A-77), PO-2 placed (REQ-2), PO-3 not placed yet, and
 * REQ-9 (its A-90) that no partner order placed, its two circuits in service (as the installed
 * base's); Beta: PO-4 delivered.
 */
const FIXTURES: readonly Fixture[] = [
  ['resource_specs', { id: 'RS-AC', name: 'Access circuit', resource_type: 'access-circuit' }],
  ['suppliers', { id: 'SUP-A', name: 'Alpha', email: 'desk@alpha.test' }],
  ['suppliers', { id: 'SUP-B', name: 'Beta', email: 'desk@beta.test' }],
  contract('SUP-A', BIG),
  contract('SUP-B', 9_000),
  partnerOrder('PO-1', 'SUP-A', 'accepted', 'REQ-1', 'A-77'),
  partnerOrder('PO-2', 'SUP-A', 'placed', 'REQ-2', 'A-78'),
  partnerOrder('PO-3', 'SUP-A', 'supplierSelected', null, null),
  partnerOrder('PO-4', 'SUP-B', 'delivered', 'REQ-4', 'B-1'),
  supplied('R-9A'),
  supplied('R-9B'),
  problem('PP-2', 'SUP-A', 'REQ-2', '2026-06-20T10:00:00.000Z'),
  problem('PP-1', 'SUP-A', 'REQ-1', '2026-06-10T10:00:00.000Z'),
  problem('PP-3', 'SUP-B', 'REQ-4', '2026-06-01T10:00:00.000Z'),
];

const order = (id: string, state: string, reference: string | null) => ({
  partnerOrderId: id,
  partnerOrderState: state,
  resourceSpecId: 'RS-AC',
  region: 'MRS',
  quantity: 2,
  supplierReference: reference,
  expectedDelivery: '2026-07-15',
});
const request = (supplierId: string, reference: string | null): Omit<SupplierRequest, 'id' | 'createdAt'> => ({
  supplierId,
  topic: 'order',
  reference,
  question: 'when is it due?',
  channel: 'portal',
  status: 'routed',
  routedTo: '1.F.4.2',
  answer: null,
});
const report = (supplierId: string | null): Omit<InteractionReport, 'id'> => ({
  supplierId,
  requests: 3,
  byTopic: { order: 2, payment: 1 },
  byChannel: { portal: 3 },
  selfServed: 2,
  routed: 1,
  selfServiceRateBp: 6667,
  repeatedReferences: ['A-77'],
  createdAt: NOW,
});

export function partnerInteractionsContract(adapter: string, make: () => Promise<PartnerInteractionHarness>): void {
  const withStore = withFixtures(async () => {
    const h = await make();
    await h.supplierDelivered({ id: 'REQ-9', supplierId: 'SUP-A', contractId: 'SC-SUP-A', reference: 'A-90' });
    return h;
  }, FIXTURES);
  const req9 = {
    requisitionId: 'REQ-9',
    supplierReference: 'A-90',
    resourceSpecId: 'RS-AC',
    region: 'MRS',
    quantity: 2,
    status: 'delivered',
    partnerOrderId: null,
    partnerOrderState: null,
    expectedDelivery: null,
  };

  describe(`partner interactions port on ${adapter}`, () => {
    it(
      'the supplier as stored, its partner orders by its reference or ours, and the problems we reported to it',
      withStore(async (h) => {
        expect(await h.port.getSupplier('SUP-A')).toEqual({ id: 'SUP-A', name: 'Alpha', email: 'desk@alpha.test' });
        expect(await h.port.getSupplier('SUP-X')).toBeUndefined();

        // A requisition no partner order placed comes first; its delivery date is the supplier's record's, if kept here.
        const [delivered, ...orders] = await h.port.ordersOf('SUP-A', null);
        expect(delivered).toMatchObject(req9);
        expect(orders).toEqual([
          order('PO-1', 'accepted', 'A-77'),
          order('PO-2', 'placed', 'A-78'),
          order('PO-3', 'supplierSelected', null),
        ]);
        for (const ref of ['A-90', 'REQ-9']) {
          const found = await h.port.ordersOf('SUP-A', ref);
          expect(found).toHaveLength(1);
          expect(found[0]).toMatchObject(req9);
        }
        expect(await h.port.ordersOf('SUP-B', 'A-90')).toEqual([]);
        expect(await h.port.ordersOf('SUP-A', 'A-78')).toEqual([order('PO-2', 'placed', 'A-78')]);
        expect(await h.port.ordersOf('SUP-A', 'PO-3')).toEqual([order('PO-3', 'supplierSelected', null)]);
        // Another supplier's order is not this one's to see.
        expect(await h.port.ordersOf('SUP-A', 'PO-4')).toEqual([]);

        const problems = await h.port.problemsOf('SUP-A', null);
        expect(problems.map((p) => p.partnerProblemId)).toEqual(['PP-1', 'PP-2']);
        expect(problems[0]).toEqual({
          partnerProblemId: 'PP-1',
          supplierReference: 'T-PP-1',
          requisitionId: 'REQ-1',
          resourceId: 'R-1',
          state: 'acknowledged',
          description: 'fault PP-1',
          reportedAt: '2026-06-10T10:00:00.000Z',
          resolvedAt: null,
        });
        for (const ref of ['REQ-2', 'T-PP-2', 'PP-2'])
          expect((await h.port.problemsOf('SUP-A', ref)).map((p) => p.partnerProblemId)).toEqual(['PP-2']);
        expect(await h.port.problemsOf('SUP-B', 'REQ-1')).toEqual([]);
      }),
    );

    it(
      'what we owe the supplier: its delivered requisitions at contract price (past 2^32) and the invoices Settlements assessed',
      withStore(async (h) => {
        await h.supplierDelivered({ id: 'REQ-1', supplierId: 'SUP-A', contractId: 'SC-SUP-A', reference: 'A-77' });
        await h.supplierDelivered({ id: 'REQ-4', supplierId: 'SUP-B', contractId: 'SC-SUP-B', reference: 'B-1' });
        await h.insert('supplier_invoices', {
          id: 'SINV-000001',
          supplier_id: 'SUP-A',
          supplier_reference: 'ALPHA-INV-P1',
          period: 'P1',
          state: 'approved',
          total_minor: 2 * BIG,
          expected_minor: 2 * BIG,
          approved_minor: 2 * BIG,
          received_at: NOW,
        });
        const line = {
          requisitionId: 'REQ-1',
          supplierReference: 'A-77',
          quantity: 2,
          contractId: 'SC-SUP-A',
          priceMinor: BIG,
          amountMinor: 2 * BIG,
        };
        const req9Line = { ...line, requisitionId: 'REQ-9', supplierReference: 'A-90' };
        const owed = await h.port.paymentsOf('SUP-A', null);
        expect(owed).toEqual({
          dueMinor: 4 * BIG,
          lines: [line, req9Line],
          settlements: [
            {
              id: 'SINV-000001',
              supplier_id: 'SUP-A',
              supplier_reference: 'ALPHA-INV-P1',
              period: 'P1',
              state: 'approved',
              total_minor: 2 * BIG,
              expected_minor: 2 * BIG,
              approved_minor: 2 * BIG,
              received_at: NOW,
            },
          ],
        });
        expect((await h.port.paymentsOf('SUP-A', 'A-77')).lines).toEqual([line]);
        expect(await h.port.paymentsOf('SUP-A', 'REQ-9')).toMatchObject({ dueMinor: 2 * BIG, lines: [req9Line] });
        // A placed requisition is not owed yet.
        expect(await h.port.paymentsOf('SUP-A', 'REQ-2')).toMatchObject({ dueMinor: 0, lines: [] });
        expect(await h.port.paymentsOf('SUP-B', null)).toMatchObject({ dueMinor: 18_000, settlements: [] });
      }),
    );

    it(
      "a supplier's requests recorded once per key and answered (the same answer again changes nothing); an unknown one is NotFound",
      withStore(async (h) => {
        const first = await h.port.recordRequest('k/r1', request('SUP-A', 'A-77'), '2026-07-01T07:00:00.000Z');
        expect(first).toEqual({ ...request('SUP-A', 'A-77'), id: first.id, createdAt: '2026-07-01T07:00:00.000Z' });
        expect(await h.port.recordRequest('k/r1', request('SUP-A', 'A-77'), '2026-07-01T07:05:00.000Z')).toEqual(first);
        const beta = await h.port.recordRequest('k/r2', request('SUP-B', null), '2026-07-01T06:30:00.000Z');
        expect(await h.count('supplier_requests')).toBe(2);

        const answered = await h.port.answerRequest(first.id, { deliveryDate: '2026-07-15' });
        expect(answered).toEqual({ ...first, status: 'answered', answer: { deliveryDate: '2026-07-15' } });
        expect(await h.port.answerRequest(first.id, { deliveryDate: '2026-07-15' })).toEqual(answered);
        expect((await rejection(h.port.answerRequest('SPR-404', {}))).type).toBe(BusinessErrorType.NotFound);

        expect(await h.port.requestsOf(null)).toEqual([beta, answered]);
        expect(await h.port.requestsOf('SUP-A')).toEqual([answered]);
        expect(await h.port.requestsOf('SUP-X')).toEqual([]);
      }),
    );

    it(
      'interaction reports recorded once per key; workers recording at once: one report per key, distinct request ids',
      withStore(async (h) => {
        const reports = await Promise.all([1, 2, 3, 4].map(() => h.port.recordReport('k/report', report('SUP-A'))));
        expect(reports[0]).toEqual({ ...report('SUP-A'), id: reports[0]!.id });
        expect(new Set(reports.map((r) => r.id)).size).toBe(1);
        expect(await h.port.recordReport('k/all', report(null))).toMatchObject({ supplierId: null, requests: 3 });
        expect(await h.count('supplier_interaction_reports')).toBe(2);

        const requests = await Promise.all(
          [1, 2, 3, 4].map((w) => h.port.recordRequest(`k/w${w}`, request('SUP-A', null), NOW)),
        );
        expect(new Set(requests.map((r) => r.id)).size).toBe(4);
        expect(await h.count('supplier_requests')).toBe(4);
      }),
    );
  });
}
