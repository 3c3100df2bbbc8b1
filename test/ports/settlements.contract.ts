import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import type { SupplierBill, SupplierBillClaim } from '../../src/domain/billing/settlement';
import type { PartnerGatewayPort } from '../../src/ports/partner-gateway';
import type { SettlementPort, SupplierUsage } from '../../src/ports/settlements';
import { rejection } from './harness';
import type { SimulatedSupplier } from './simulated-supplier';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * S/P Settlements & Billing Management's contract (1.B.4.5), for every adapter (docs/ADAPTERS.md):
 * each supplied resource in service recorded for a period at its contract price (once per key and
 * per resource), the supplier's invoice received once per period and assessed line by line against
 * those records, what it bills beyond them disputed and answered by the supplier, approval of what
 * is owed (what is conceded or unanswered withheld), and one settlement per supplier and period
 * with the revenue share its contract gives — also when several workers approve or settle at once
 * (the invoice is locked; the race fails without the lock). Money in minor units, past 2^32.
 * The suppliers' side is `SUPPLIERS`, a gateway whose bills and answers a test sets.
 */

export const NOW = '2026-07-01T06:00:00.000Z';
const BIG = 5_000_000_000;

export type SettlementHarness = StoreHarness<SettlementPort, SimulatedSupplier>;

/** The suppliers' billing as the partner gateway reaches it: the bills they issue, their answers, what they were asked. */
export const SUPPLIERS = {
  bills: new Map<string, SupplierBill>(),
  answer: 'accepted' as 'accepted' | 'refused' | 'open',
  asked: [] as string[],
  reset() {
    this.bills.clear();
    this.answer = 'accepted';
    this.asked.length = 0;
  },
  gateway(): Pick<PartnerGatewayPort, 'supplierBill' | 'answerDispute'> {
    return {
      supplierBill: async (supplierId, period) => {
        this.asked.push(`bill ${supplierId} ${period}`);
        return this.bills.get(supplierId) ?? { supplierReference: `${supplierId}-NONE`, lines: [] };
      },
      answerDispute: async (supplierId, claim: SupplierBillClaim) => {
        this.asked.push(`dispute ${supplierId} ${claim.amountMinor}`);
        return this.answer;
      },
    };
  },
};

const resource = (id: string, state: string, attributes: Record<string, unknown>, serviceId: string | null = null) =>
  [
    'resources',
    {
      id,
      spec_id: 'RS-AC',
      resource_type: 'access-circuit',
      name: `circuit ${id}`,
      region: 'MRS',
      attributes: JSON.stringify(attributes),
      state,
      service_id: serviceId,
      updated_at: NOW,
    },
  ] as Fixture;
const contract = (id: string, supplier: string, price: number, share: number): Fixture => [
  'supplier_contracts',
  {
    id,
    supplier_id: supplier,
    resource_spec_id: 'RS-AC',
    region: 'MRS',
    price_minor: price,
    lead_time_days: 10,
    availability_sla_pct: 99.9,
    valid_until: '2027-12-31',
    revenue_share_pct: share,
  },
];

/**
 * Alpha provides R-1 (carrying SVC-1, a 19 900 a month product: 10 % share) and R-2, both in
 * service at 32 000, and R-3 not yet in service; Beta provides R-4 at 5 000 000 000; R-5 is ours.
 * name only the requisition they were delivered under, as the installed base's circuit
 * does: R-6 Beta's (the simulated supplier's record; nothing else of ours names its contract but
 * Beta's one contract for the kind and region), R-7 Alpha's under its second contract, SC-A2, at
 * 30 000 (the partner order that placed REQ-7 names it).
 */
const FIXTURES: readonly Fixture[] = [
  ['resource_specs', { id: 'RS-AC', name: 'Access circuit', resource_type: 'access-circuit' }],
  ['suppliers', { id: 'SUP-A', name: 'Alpha', email: 'billing@alpha.test' }],
  ['suppliers', { id: 'SUP-B', name: 'Beta', email: 'billing@beta.test' }],
  contract('SC-A', 'SUP-A', 32_000, 10),
  contract('SC-B', 'SUP-B', BIG, 0),
  resource('R-1', 'inService', { supplierId: 'SUP-A', supplierReference: 'A-1', contractId: 'SC-A' }, 'SVC-1'),
  resource('R-2', 'inService', { supplierId: 'SUP-A', supplierReference: 'A-2', contractId: 'SC-A' }),
  resource('R-3', 'reserved', { supplierId: 'SUP-A', supplierReference: 'A-3', contractId: 'SC-A' }),
  resource('R-4', 'inService', { supplierId: 'SUP-B', productId: 'PRD-B-1', contractId: 'SC-B' }),
  resource('R-5', 'inService', {}),
  resource('R-6', 'inService', { supplierId: 'SUP-B', supplierReference: 'B-6', requisitionId: 'REQ-6' }),
  resource('R-7', 'inService', { supplierId: 'SUP-A', supplierReference: 'A-7', requisitionId: 'REQ-7' }),
  contract('SC-A2', 'SUP-A', 30_000, 0),
  [
    'partner_orders',
    {
      id: 'PO-7',
      service_order_id: 'SO-7',
      service_id: 'SVC-7',
      customer_id: 'CUST-1',
      region: 'MRS',
      resource_spec_id: 'RS-AC',
      quantity: 1,
      state: 'accepted',
      supplier_id: 'SUP-A',
      contract_id: 'SC-A2',
      requisition_id: 'REQ-7',
      supplier_reference: 'A-7',
      created_at: NOW,
      updated_at: NOW,
    },
  ],
  [
    'customers',
    {
      id: 'CUST-1',
      name: 'Acme',
      segment: 'business',
      region: 'MRS',
      email: 'a@acme.test',
      status: 'active',
      created_at: NOW,
    },
  ],
  [
    'product_offerings',
    {
      id: 'PO-VPN',
      name: 'VPN',
      description: 'VPN',
      recurring_minor: 19_900,
      one_time_minor: 0,
      lead_time_days: 5,
      segment: 'business',
    },
  ],
  ['billing_accounts', { id: 'BA-1', customer_id: 'CUST-1', created_at: NOW }],
  [
    'product_orders',
    { id: 'ORD-1', customer_id: 'CUST-1', channel: 'web', state: 'completed', created_at: NOW, updated_at: NOW },
  ],
  [
    'products',
    {
      id: 'PRD-1',
      customer_id: 'CUST-1',
      product_offering_id: 'PO-VPN',
      order_id: 'ORD-1',
      item_id: '1',
      billing_account_id: 'BA-1',
      status: 'active',
      recurring_minor: 19_900,
      one_time_minor: 0,
      service_ids: JSON.stringify(['SVC-0', 'SVC-1']),
      region: 'MRS',
      start_date: NOW,
    },
  ],
];

const alphaBill: SupplierBill = {
  supplierReference: 'ALPHA-INV-P1',
  lines: [
    { reference: 'A-1', description: 'circuit A-1', amountMinor: 33_500 },
    { reference: 'A-2', description: 'circuit A-2', amountMinor: 32_000 },
    { reference: 'X-9', description: 'a circuit we do not have', amountMinor: 700 },
  ],
};
const usage = (resourceId: string, supplierId: string, contractId: string, expectedMinor: number, share: number) =>
  ({ supplierId, contractId, resourceId, period: 'P1', expectedMinor, revenueSharePct: share }) satisfies SupplierUsage;

export function settlementsContract(adapter: string, make: () => Promise<SettlementHarness>): void {
  const withStore = withFixtures(async () => {
    SUPPLIERS.reset();
    const h = await make();
    await h.supplierDelivered({ id: 'REQ-6', supplierId: 'SUP-B', contractId: 'SC-B', reference: 'B-6' });
    await h.supplierDelivered({ id: 'REQ-7', supplierId: 'SUP-A', contractId: 'SC-A2', reference: 'A-7' });
    return h;
  }, FIXTURES);
  /** Alpha's P1 usage recorded and its bill received. */
  const received = async (h: SettlementHarness) => {
    SUPPLIERS.bills.set('SUP-A', alphaBill);
    await h.port.recordSupplierUsage('k/usage', 'P1');
    return h.port.receiveInvoice('k/receive', 'SUP-A', 'P1');
  };

  describe(`settlements port on ${adapter}`, () => {
    it(
      'records each supplied resource in service at its contract price once per period; the open account writes nothing',
      withStore(async (h) => {
        const alpha = [usage('R-1', 'SUP-A', 'SC-A', 32_000, 10), usage('R-2', 'SUP-A', 'SC-A', 32_000, 10)];
        const beta = [usage('R-4', 'SUP-B', 'SC-B', BIG, 0), usage('R-6', 'SUP-B', 'SC-B', BIG, 0)];
        const all = [...alpha, ...beta, usage('R-7', 'SUP-A', 'SC-A2', 30_000, 0)];
        expect(await h.port.recordSupplierUsage('k/usage', 'P1')).toEqual(all);
        // Another key for the same period records nothing twice.
        expect(await h.port.recordSupplierUsage('k/usage-again', 'P1')).toEqual(all);
        expect(await h.count('supplier_usage')).toBe(5);
        expect(await h.port.supplierUsage('P1', 'SUP-B')).toEqual(beta);
        expect(await h.port.supplierUsage('P2')).toEqual([]);
        expect(await h.port.openAccount('SUP-A')).toEqual(
          [...alpha, usage('R-7', 'SUP-A', 'SC-A2', 30_000, 0)].map((u) => ({ ...u, period: 'open' })),
        );
        expect(await h.count('supplier_usage')).toBe(5);
      }),
    );

    it(
      "assesses the supplier's invoice line by line once per period, asking the supplier once; a bill received before is not paid twice",
      withStore(async (h) => {
        const inv = await received(h);
        expect(inv).toEqual({
          id: inv.id,
          supplierId: 'SUP-A',
          supplierReference: 'ALPHA-INV-P1',
          period: 'P1',
          state: 'assessed',
          totalMinor: 66_200,
          expectedMinor: 64_000,
          approvedMinor: null,
          lines: [
            { lineNo: 1, reference: 'A-1', description: 'circuit A-1', amountMinor: 33_500, expectedMinor: 32_000 },
            { lineNo: 2, reference: 'A-2', description: 'circuit A-2', amountMinor: 32_000, expectedMinor: 32_000 },
            {
              lineNo: 3,
              reference: 'X-9',
              description: 'a circuit we do not have',
              amountMinor: 700,
              expectedMinor: null,
            },
          ],
        });
        expect(await h.port.receiveInvoice('k/receive', 'SUP-A', 'P1')).toEqual(inv);
        expect(await h.port.receiveInvoice('k/receive-again', 'SUP-A', 'P1')).toEqual(inv);
        expect(SUPPLIERS.asked).toEqual(['bill SUP-A P1']);
        expect(await h.port.invoice(inv.id)).toEqual(inv);
        expect(await h.port.invoice('SINV-404')).toBeUndefined();
        // P2: the supplier sends the same bill again: nothing on it.
        const again = await h.port.receiveInvoice('k/receive-p2', 'SUP-A', 'P2');
        expect(again).toMatchObject({ supplierReference: 'ALPHA-INV-P1', totalMinor: 0, expectedMinor: 0, lines: [] });
        expect(again.id).not.toBe(inv.id);
        // Beta's line names the product it delivered; money past 2^32.
        SUPPLIERS.bills.set('SUP-B', {
          supplierReference: 'B-1',
          lines: [{ reference: 'PRD-B-1', description: 'x', amountMinor: BIG }],
        });
        expect(await h.port.receiveInvoice('k/receive-b', 'SUP-B', 'P1')).toMatchObject({
          totalMinor: BIG,
          expectedMinor: BIG,
        });
        expect(await h.count('supplier_invoices')).toBe(3);
        expect(await h.count('supplier_invoice_lines')).toBe(4);
      }),
    );

    it(
      'disputes what the invoice bills beyond our records, approves what is owed and settles with the revenue share, once per key',
      withStore(async (h) => {
        const inv = await received(h);
        const dispute = await h.port.dispute('k/dispute', inv.id);
        expect(dispute).toEqual({
          disputeId: dispute!.disputeId,
          invoiceId: inv.id,
          amountMinor: 2_200,
          reason: 'A-1: billed 33500, contract 32000; X-9: billed 700, not in our records',
          state: 'accepted',
          resolution: 'supplier concedes the contract price; credit note to follow',
        });
        expect(await h.port.dispute('k/dispute', inv.id)).toEqual(dispute);
        expect(SUPPLIERS.asked).toEqual(['bill SUP-A P1', 'dispute SUP-A 2200']);
        expect((await h.port.invoice(inv.id))!.state).toBe('disputed');

        const approved = await h.port.approve('k/approve', inv.id);
        expect(approved).toMatchObject({ state: 'approved', approvedMinor: 64_000 });
        expect(await h.port.approve('k/approve', inv.id)).toEqual(approved);
        const twice = await rejection(h.port.approve('k/approve-again', inv.id));
        expect(twice.type).toBe(BusinessErrorType.InvalidStateTransition);

        const settlement = await h.port.settle('k/settle', 'SUP-A', 'P1');
        // 10 % of the 19 900 product carried on R-1.
        expect(settlement).toEqual({
          settlementId: settlement.settlementId,
          supplierId: 'SUP-A',
          invoiceId: inv.id,
          period: 'P1',
          paidMinor: 64_000,
          revenueShareMinor: 1_990,
          notice: `Settlement ${settlement.settlementId} for P1: invoice ALPHA-INV-P1 paid 64000, revenue share 1990 (minor units)`,
        });
        expect(await h.port.settle('k/settle', 'SUP-A', 'P1')).toEqual(settlement);
        expect((await h.port.invoice(inv.id))!.state).toBe('paid');
        expect(await h.count('supplier_settlements')).toBe(1);
      }),
    );

    it(
      'an invoice matching our records is not disputed; a settlement without an invoice pays nothing; unknown ids are NotFound',
      withStore(async (h) => {
        SUPPLIERS.bills.set('SUP-B', {
          supplierReference: 'B-1',
          lines: [{ reference: 'PRD-B-1', description: 'x', amountMinor: BIG }],
        });
        await h.port.recordSupplierUsage('k/usage', 'P1');
        const inv = await h.port.receiveInvoice('k/receive', 'SUP-B', 'P1');
        expect(await h.port.dispute('k/dispute', inv.id)).toBeNull();
        expect(await h.count('supplier_disputes')).toBe(0);
        expect((await h.port.approve('k/approve', inv.id)).approvedMinor).toBe(BIG);
        expect(await h.port.settle('k/settle-b', 'SUP-B', 'P1')).toMatchObject({
          paidMinor: BIG,
          revenueShareMinor: 0,
        });
        expect(await h.port.settle('k/settle-a', 'SUP-A', 'P1')).toMatchObject({
          invoiceId: null,
          paidMinor: 0,
          revenueShareMinor: 1_990,
        });
        expect((await rejection(h.port.dispute('k/x', 'SINV-404'))).type).toBe(BusinessErrorType.NotFound);
        expect((await rejection(h.port.approve('k/y', 'SINV-404'))).type).toBe(BusinessErrorType.NotFound);
        expect((await rejection(h.port.negotiateAgain('k/z', 'SDSP-404'))).type).toBe(BusinessErrorType.NotFound);
      }),
    );

    it(
      'withholds what the supplier has not answered, and records its answer when asked again (an answered dispute is left as it is)',
      withStore(async (h) => {
        const inv = await received(h);
        SUPPLIERS.answer = 'open';
        const open = (await h.port.dispute('k/dispute', inv.id))!;
        expect(open).toMatchObject({ state: 'open', resolution: null, amountMinor: 2_200 });
        expect(await h.port.openDisputes('SUP-A')).toEqual([open]);
        expect(await h.port.openDisputes('SUP-B')).toEqual([]);
        // Still unanswered: left open.
        expect(await h.port.negotiateAgain('k/again-1', open.disputeId)).toEqual(open);

        SUPPLIERS.answer = 'refused';
        const refused = await h.port.negotiateAgain('k/again-2', open.disputeId);
        expect(refused).toEqual({
          ...open,
          state: 'refused',
          resolution: 'supplier maintains its invoice when asked again',
        });
        expect(await h.port.openDisputes('SUP-A')).toEqual([]);
        SUPPLIERS.answer = 'accepted';
        const asked = SUPPLIERS.asked.length;
        expect(await h.port.negotiateAgain('k/again-3', open.disputeId)).toEqual(refused);
        expect(SUPPLIERS.asked.length).toBe(asked);
        // Refused: the whole invoice is owed.
        expect((await h.port.approve('k/approve', inv.id)).approvedMinor).toBe(66_200);
      }),
    );

    it(
      'an open dispute withholds its amount at approval',
      withStore(async (h) => {
        const inv = await received(h);
        SUPPLIERS.answer = 'open';
        await h.port.dispute('k/dispute', inv.id);
        expect((await h.port.approve('k/approve', inv.id)).approvedMinor).toBe(64_000);
      }),
    );

    it(
      'workers approving one invoice at once approve it once, and workers settling its period at once settle it once',
      withStore(async (h) => {
        const inv = await received(h);
        // Reads at once first: on a pooled store the workers then start on open connections, together.
        await Promise.all([1, 2, 3, 4, 5, 6].map(() => h.port.openAccount('SUP-A')));
        const approvals = await Promise.allSettled(
          [1, 2, 3, 4, 5, 6].map((i) => h.port.approve(`k/approve-${i}`, inv.id)),
        );
        expect(approvals.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
        for (const a of approvals.filter((x) => x.status === 'rejected'))
          expect((a as PromiseRejectedResult).reason).toMatchObject({ type: BusinessErrorType.InvalidStateTransition });

        await Promise.all([1, 2, 3, 4].map(() => h.port.openAccount('SUP-A')));
        const settles = await Promise.allSettled(
          [1, 2, 3, 4].map((i) => h.port.settle(`k/settle-${i}`, 'SUP-A', 'P1')),
        );
        expect(settles.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
        for (const s of settles.filter((x) => x.status === 'rejected'))
          expect((s as PromiseRejectedResult).reason).toMatchObject({ type: BusinessErrorType.InvalidStateTransition });
        expect(await h.count('supplier_settlements')).toBe(1);
      }),
    );
  });
}
