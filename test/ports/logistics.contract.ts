import { describe, expect, it } from 'vitest';
import { BusinessRejection } from '../../src/contracts/errors';
import type { LogisticsPort } from '../../src/ports/logistics';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The logistics port's contract (Manage Logistics, 1.O.3.1.7), for every adapter
 * (docs/ADAPTERS.md): warehouse stock against its policy, goods bought in and handed over for
 * acceptance, goods shipped to the sites that use them, faulty goods returned to their supplier
 * and received back repaired. The harness builds an empty store whose clock reads `NOW`.
 */

export const NOW = '2026-03-02T09:00:00.000Z';

/** What the contract reads beside the port. */
export interface LogisticsReads {
  /** A resource as the store holds it. */
  resource(
    id: string,
  ): Promise<{ site: string | null; state: string; attributes: Record<string, unknown> } | undefined>;
  /** A resource's hand-over to acceptance. */
  acceptance(id: string): Promise<{ reason: string; source: string; state: string } | undefined>;
}

export type LogisticsHarness = StoreHarness<LogisticsPort, LogisticsReads>;

const ROUTER = 'RS-CPE-ROUTER';
const resource = (id: string, state: string, over: Record<string, unknown> = {}) => ({
  id,
  spec_id: ROUTER,
  resource_type: 'cpe',
  name: id,
  region: 'PAR',
  site: 'PAR-WH',
  attributes: '{"model":"X1"}',
  state,
  updated_at: NOW,
  ...over,
});

/** Paris's warehouse keeps routers from Beta: one in stock, one faulty, one taken for a service, one on test. */
const FIXTURES: Fixture[] = [
  ['resource_specs', { id: ROUTER, name: 'router', resource_type: 'cpe' }],
  ['suppliers', { id: 'SUP-BETA', name: 'Beta', email: 'beta@example.net' }],
  [
    'warehouse_policies',
    {
      warehouse: 'PAR-WH',
      region: 'PAR',
      resource_spec_id: ROUTER,
      reorder_level: 3,
      reorder_quantity: 4,
      supplier_id: 'SUP-BETA',
    },
  ],
  [
    'warehouse_policies',
    {
      warehouse: 'LYO-WH',
      region: 'LYO',
      resource_spec_id: ROUTER,
      reorder_level: 3,
      reorder_quantity: 4,
      supplier_id: 'SUP-BETA',
    },
  ],
  ['resources', resource('CPE-PAR-1', 'available')],
  ['resources', resource('CPE-PAR-2', 'outOfService')],
  [
    'resources',
    resource('CPE-PAR-3', 'reserved', { service_id: 'SVC-1', customer_id: 'CUST-1', reservation_id: 'RSV-1' }),
  ],
  ['resources', resource('CPE-PAR-4', 'outOfService')],
  ['resources', resource('CPE-LYO-1', 'available', { region: 'LYO', site: 'LYO-1' })],
  [
    'resource_acceptance',
    { resource_id: 'CPE-PAR-4', reason: 'new', source: 'SH-0', state: 'pending', handed_over_at: NOW },
  ],
];

const policy = { region: 'PAR', resourceSpecId: ROUTER, reorderLevel: 3, reorderQuantity: 4, supplierId: 'SUP-BETA' };

export function logisticsContract(adapter: string, make: () => Promise<LogisticsHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`logistics port on ${adapter}`, () => {
    it(
      'stock: what each warehouse has available, and what waits for acceptance as incoming',
      withStore(async (h) => {
        expect(await h.port.stock()).toEqual([
          { warehouse: 'LYO-WH', ...policy, region: 'LYO', inStock: 0, incoming: 0 },
          { warehouse: 'PAR-WH', ...policy, inStock: 1, incoming: 1 },
        ]);
      }),
    );

    it(
      'replenish: new goods of the model kept, from the supplier of the policy, each handed over for acceptance',
      withStore(async (h) => {
        const s = await h.port.replenish('r/1', 'PAR-WH', ROUTER, 2);
        expect(s).toEqual({
          id: expect.stringMatching(/^SH-\d+$/),
          kind: 'replenishment',
          resourceIds: [expect.stringMatching(/^CPE-ROUTER-PAR-\d+$/), expect.stringMatching(/^CPE-ROUTER-PAR-\d+$/)],
          origin: 'SUP-BETA',
          destination: 'PAR-WH',
          supplierId: 'SUP-BETA',
          state: 'delivered',
        });
        for (const id of s.resourceIds) {
          expect(await h.resource(id)).toEqual({
            site: 'PAR-WH',
            state: 'outOfService',
            attributes: { model: 'X1', serial: `SN${id}` },
          });
          expect(await h.acceptance(id)).toEqual({ reason: 'new', source: s.id, state: 'pending' });
        }
        expect((await h.port.stock()).find((l) => l.warehouse === 'PAR-WH')).toMatchObject({ inStock: 1, incoming: 3 });
        expect(await h.port.shipments('replenishment')).toEqual([s]);
        // Neither on test nor faulty: the goods just in are not sent back.
        expect((await h.port.faultyInStock()).map((f) => f.resourceId)).toEqual(['CPE-PAR-2']);
      }),
    );

    it(
      'idempotency: the same key twice moves the goods once and returns the first shipment',
      withStore(async (h) => {
        const first = await h.port.replenish('r/1', 'PAR-WH', ROUTER, 2);
        expect(await h.port.replenish('r/1', 'PAR-WH', ROUTER, 5)).toEqual(first);
        const shipped = await h.port.shipToSite('s/1', 'CPE-PAR-3', 'site of CUST-1');
        expect(await h.port.shipToSite('s/1', 'CPE-PAR-3', 'elsewhere')).toEqual(shipped);
        expect([await h.count('resources'), await h.count('shipments'), await h.count('resource_acceptance')]).toEqual([
          7, 2, 3,
        ]);
      }),
    );

    it(
      'all or nothing: goods a warehouse does not keep are refused, nothing is written, the key stays free',
      withStore(async (h) => {
        // Not a business "no": the policy is the operator's to fix, and a retry may find it.
        const err = await h.port.replenish('r/1', 'LIL-WH', ROUTER, 2).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect(err).not.toBeInstanceOf(BusinessRejection);
        expect((err as Error).message).toBe('warehouse LIL-WH keeps no RS-CPE-ROUTER');
        expect([await h.count('resources'), await h.count('shipments'), await h.count('resource_acceptance')]).toEqual([
          5, 0, 1,
        ]);
        expect((await h.port.replenish('r/1', 'LYO-WH', ROUTER, 1)).destination).toBe('LYO-WH');
      }),
    );

    it(
      'dispatch: goods taken for a service leave the warehouse for the site',
      withStore(async (h) => {
        expect(await h.port.awaitingDispatch()).toEqual([
          { resourceId: 'CPE-PAR-3', warehouse: 'PAR-WH', serviceId: 'SVC-1', customerId: 'CUST-1' },
        ]);
        const s = await h.port.shipToSite('s/1', 'CPE-PAR-3', 'site of CUST-1');
        expect(s).toEqual({
          id: expect.stringMatching(/^SH-\d+$/),
          kind: 'toSite',
          resourceIds: ['CPE-PAR-3'],
          origin: 'PAR-WH',
          destination: 'site of CUST-1',
          supplierId: null,
          state: 'delivered',
        });
        expect((await h.resource('CPE-PAR-3'))?.site).toBe('site of CUST-1');
        expect(await h.port.awaitingDispatch()).toEqual([]);
      }),
    );

    it(
      'repair: faulty goods go back to their supplier, and come back handed over for acceptance once',
      withStore(async (h) => {
        expect(await h.port.faultyInStock()).toEqual([
          { resourceId: 'CPE-PAR-2', warehouse: 'PAR-WH', supplierId: 'SUP-BETA' },
        ]);
        const out = await h.port.returnForRepair('f/1', 'CPE-PAR-2', 'SUP-BETA');
        expect(out).toEqual({
          id: expect.stringMatching(/^SH-\d+$/),
          kind: 'returnForRepair',
          resourceIds: ['CPE-PAR-2'],
          origin: 'PAR-WH',
          destination: 'SUP-BETA',
          supplierId: 'SUP-BETA',
          state: 'inTransit',
        });
        expect(await h.port.faultyInStock()).toEqual([]);
        expect(await h.port.shipments('returnForRepair', 'inTransit')).toEqual([out]);
        expect(await h.port.shipments(undefined, 'delivered')).toEqual([]);
        const back = await h.port.receiveRepaired('b/1', out.id);
        expect(back).toEqual({ ...out, state: 'returned' });
        expect(await h.acceptance('CPE-PAR-2')).toEqual({ reason: 'repaired', source: out.id, state: 'pending' });
        expect(await h.port.shipments()).toEqual([back]);
      }),
    );

    it(
      'concurrent writers: distinct goods from workers replenishing at once; a return received by several once',
      withStore(async (h) => {
        const bought = await Promise.all([1, 2, 3, 4].map((i) => h.port.replenish(`r/${i}`, 'PAR-WH', ROUTER, 3)));
        const ids = bought.flatMap((s) => s.resourceIds);
        expect(new Set(ids).size).toBe(12);
        expect(new Set(bought.map((s) => s.id)).size).toBe(4);
        expect([await h.count('resources'), await h.count('resource_acceptance')]).toEqual([17, 13]);

        const out = await h.port.returnForRepair('f/1', 'CPE-PAR-2', 'SUP-BETA');
        const received = await Promise.all([1, 2, 3, 4].map((i) => h.port.receiveRepaired(`b/${i}`, out.id)));
        expect(received.map((s) => s.state)).toEqual(['returned', 'returned', 'returned', 'returned']);
        expect(await h.acceptance('CPE-PAR-2')).toEqual({ reason: 'repaired', source: out.id, state: 'pending' });
      }),
    );
  });
}
