import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import type { PartnerOrderPort, PartnerOrderRecord } from '../../src/ports/partner-orders';
import { rejection } from './harness';
import { type StoreHarness, withFixtures } from './table-rows';

/**
 * The partner orders' contract (S/P Requisition Management 1.F.4.2), for every adapter
 * (docs/ADAPTERS.md): an order recorded once per key and per id, moved field by field as S/PRM
 * learns the supplier's answers, found by its service (what a cease ends), and every supplier
 * report kept once per key — also when several workers are handed the same report at once, only
 * one of them is told it is new. The clock reads `NOW`.
 */

export const NOW = '2026-05-04T08:00:00.000Z';

export type PartnerOrderHarness = StoreHarness<PartnerOrderPort>;

const order = (id: string, serviceId = 'SVC-1') => ({
  id,
  serviceOrderId: `SO-${id}`,
  serviceId,
  customerId: 'CUST-1',
  region: 'LYO',
  resourceSpecId: 'RS-ACCESS-CIRCUIT',
  quantity: 2,
});

const event = (kind: string, key: string | null, at = '2026-05-04T09:30:00.000Z') => ({
  kind,
  detail: `${kind} detail`,
  key,
  at,
});

export function partnerOrdersContract(adapter: string, make: () => Promise<PartnerOrderHarness>): void {
  const withStore = withFixtures(make, []);

  describe(`partner orders port on ${adapter}`, () => {
    it(
      'recorded acknowledged once per key and per id, then moved field by field; an unknown order is NotFound',
      withStore(async (h) => {
        const recorded = await h.port.record('k/po-1', order('PO-1'));
        expect(recorded).toEqual<PartnerOrderRecord>({
          ...order('PO-1'),
          state: 'acknowledged',
          supplierId: null,
          contractId: null,
          candidates: [],
          requisitionId: null,
          supplierReference: null,
          expectedDelivery: null,
          reason: null,
        });
        expect(await h.port.record('k/po-1', order('PO-1'))).toEqual(recorded);
        // The same order handed again under another key stays one order.
        expect(await h.port.record('k/po-1-again', { ...order('PO-1'), quantity: 9 })).toEqual(recorded);
        expect(await h.count('partner_orders')).toBe(1);

        const selected = await h.port.update('PO-1', {
          state: 'feasibilityChecked',
          supplierId: 'SUP-1',
          contractId: 'CTR-1',
          candidates: ['SUP-1', 'SUP-2'],
          expectedDelivery: '2026-05-20',
        });
        expect(selected).toMatchObject({
          state: 'feasibilityChecked',
          supplierId: 'SUP-1',
          contractId: 'CTR-1',
          candidates: ['SUP-1', 'SUP-2'],
          expectedDelivery: '2026-05-20',
          requisitionId: null,
        });
        // Fields not given stay as they are; a field given as undefined is no change.
        const placed = await h.port.update('PO-1', {
          state: 'placed',
          requisitionId: 'PO-1',
          supplierReference: 'ACME-77',
          reason: undefined,
        });
        expect(placed).toEqual({ ...selected, state: 'placed', requisitionId: 'PO-1', supplierReference: 'ACME-77' });
        expect(await h.port.get('PO-1')).toEqual(placed);
        expect(await h.port.get('PO-NONE')).toBeUndefined();
        expect((await rejection(h.port.update('PO-NONE', { state: 'cancelled' }))).type).toBe(
          BusinessErrorType.NotFound,
        );
        expect(await h.count('partner_orders')).toBe(1);
      }),
    );

    it(
      "a service's partner orders, oldest first; another service's are not among them",
      withStore(async (h) => {
        await h.port.record('k/3', order('PO-3', 'SVC-1'));
        await h.port.record('k/1', order('PO-1', 'SVC-1'));
        await h.port.record('k/2', order('PO-2', 'SVC-2'));
        await h.port.update('PO-3', { state: 'accepted' });
        expect((await h.port.ofService('SVC-1')).map((o) => [o.id, o.state])).toEqual([
          ['PO-1', 'acknowledged'],
          ['PO-3', 'accepted'],
        ]);
        expect(await h.port.ofService('SVC-NONE')).toEqual([]);
      }),
    );

    it(
      'events kept in the order stored, once per key (events without a key each kept); none on an unknown order',
      withStore(async (h) => {
        await h.port.record('k/1', order('PO-1'));
        await h.port.record('k/2', order('PO-2'));
        expect(await h.port.addEvent('PO-1', event('placed', 'placed', '2026-05-04T08:00:00.000Z'))).toBe(true);
        expect(await h.port.addEvent('PO-1', event('confirmed', 'confirmed@T1'))).toBe(true);
        expect(await h.port.addEvent('PO-1', event('confirmed', 'confirmed@T1'))).toBe(false);
        expect(await h.port.addEvent('PO-2', event('confirmed', 'confirmed@T1'))).toBe(true);
        expect(await h.port.addEvent('PO-1', event('remedyAsked', null))).toBe(true);
        expect(await h.port.addEvent('PO-1', event('remedyAsked', null))).toBe(true);
        expect(await h.port.events('PO-1')).toEqual([
          { kind: 'placed', detail: 'placed detail', at: '2026-05-04T08:00:00.000Z' },
          { kind: 'confirmed', detail: 'confirmed detail', at: '2026-05-04T09:30:00.000Z' },
          { kind: 'remedyAsked', detail: 'remedyAsked detail', at: '2026-05-04T09:30:00.000Z' },
          { kind: 'remedyAsked', detail: 'remedyAsked detail', at: '2026-05-04T09:30:00.000Z' },
        ]);
        expect(await h.port.events('PO-NONE')).toEqual([]);
        // An event is about an order that exists: the store refuses it (a plain error, retried).
        await expect(h.port.addEvent('PO-NONE', event('placed', 'placed'))).rejects.toThrow(/foreign key/i);
        expect(await h.count('partner_order_events')).toBe(5);
      }),
    );

    it(
      'concurrent workers: one order however many record it at once, one event however many are handed the report',
      withStore(async (h) => {
        const recorded = await Promise.all([1, 2, 3, 4].map((n) => h.port.record(`k/w${n}`, order('PO-1'))));
        expect(new Set(recorded.map((o) => JSON.stringify(o))).size).toBe(1);
        expect(await h.count('partner_orders')).toBe(1);
        const fresh = await Promise.all(
          [1, 2, 3, 4].map(() => h.port.addEvent('PO-1', event('delivered', 'delivered@T2'))),
        );
        expect(fresh.filter(Boolean)).toHaveLength(1);
        expect((await h.port.events('PO-1')).map((e) => e.kind)).toEqual(['delivered']);
        // A claim taken back (its work failed) frees its key for the next try, and only its own.
        expect(await h.port.removeEvent('PO-1', 'delivered@T2')).toBe(true);
        expect(await h.port.removeEvent('PO-1', 'delivered@T2')).toBe(false);
        expect(await h.port.events('PO-1')).toEqual([]);
        expect(await h.port.addEvent('PO-1', event('delivered', 'delivered@T2'))).toBe(true);
        expect((await h.port.events('PO-1')).map((e) => e.kind)).toEqual(['delivered']);
      }),
    );
  });
}
