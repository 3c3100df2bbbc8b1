import { describe, expect, it } from 'vitest';
import { BusinessErrorType, BusinessRejection } from '../../src/contracts/errors';
import type { ReservationRequest, ResourceInventoryPort } from '../../src/ports/resource-inventory';

/**
 * The resource inventory port's contract (TMF639), for every adapter: the SQLite store, the
 * PostgreSQL one, and yours. A person writing an adapter to their own inventory runs this suite
 * against it (docs/ADAPTERS.md): give `resourceInventoryContract` a harness that builds an
 * empty store, seeds it and reads back what it holds.
 */

export interface SeedResource {
  id: string;
  specId: string;
  region: string;
  attributes?: Record<string, unknown>;
}
export interface InventorySeed {
  specs: Array<{ id: string; type: string }>;
  resources: SeedResource[];
  /** Supplier contracts: a supplier SUP-X and its contract for a spec in a region. */
  contracts?: Array<{ id: string; specId: string; region: string; validUntil: string }>;
}

export interface ResourceInventoryHarness {
  port: ResourceInventoryPort;
  seed(data: InventorySeed): Promise<void>;
  /** What the store holds, read beside the port: each resource's state and reservation. */
  stored(): Promise<Record<string, { state: string; reservationId: string | null }>>;
  /** How many state changes the store has recorded (one per resource moved). */
  historyRows(): Promise<number>;
  close(): Promise<void>;
}

const SEED: InventorySeed = {
  specs: [
    { id: 'RS-PORT', type: 'port' },
    { id: 'RS-CPE', type: 'cpe' },
    { id: 'RS-CIRCUIT', type: 'access-circuit' },
  ],
  resources: [
    ...['P-01', 'P-02', 'P-03', 'P-04'].map((id) => ({ id, specId: 'RS-PORT', region: 'PAR' })),
    { id: 'P-90', specId: 'RS-PORT', region: 'MRS' },
    { id: 'C-01', specId: 'RS-CPE', region: 'PAR' },
  ],
  contracts: [
    { id: 'SC-LIVE', specId: 'RS-CIRCUIT', region: 'PAR', validUntil: '2099-12-31' },
    { id: 'SC-OLD', specId: 'RS-CIRCUIT', region: 'PAR', validUntil: '2001-01-01' },
  ],
};

const request = (over: Partial<ReservationRequest> = {}): ReservationRequest => ({
  reservationId: 'RO-1',
  serviceId: 'SVC-1',
  customerId: 'CUST-1',
  region: 'PAR',
  needs: [{ resourceSpecId: 'RS-PORT', quantity: 1 }],
  holdUntil: '2030-01-01T00:00:00.000Z',
  ...over,
});

/** The error a port rejects with, so each expectation names its type. */
async function rejection(p: Promise<unknown>): Promise<BusinessRejection> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BusinessRejection);
  return err as BusinessRejection;
}

export function resourceInventoryContract(adapter: string, make: () => Promise<ResourceInventoryHarness>): void {
  const withInventory = (body: (h: ResourceInventoryHarness) => Promise<void>) => async () => {
    const h = await make();
    try {
      await h.seed(SEED);
      await body(h);
    } finally {
      await h.close();
    }
  };

  describe(`resource inventory port contract: ${adapter}`, () => {
    it(
      'counts what is available and names valid supplier contracts only where stock is short',
      withInventory(async (h) => {
        const a = await h.port.checkAvailability('PAR', [
          { resourceSpecId: 'RS-PORT', quantity: 2 },
          { resourceSpecId: 'RS-CIRCUIT', quantity: 1 },
        ]);
        expect(a.lines).toEqual([
          { resourceSpecId: 'RS-PORT', needed: 2, available: 4, supplierContracts: [] },
          { resourceSpecId: 'RS-CIRCUIT', needed: 1, available: 0, supplierContracts: ['SC-LIVE'] },
        ]);
      }),
    );

    it(
      'reserves the lowest available ids, once per idempotency key',
      withInventory(async (h) => {
        const first = await h.port.reserve('k-1', request({ needs: [{ resourceSpecId: 'RS-PORT', quantity: 2 }] }));
        expect(first.map((r) => [r.id, r.state])).toEqual([
          ['P-01', 'reserved'],
          ['P-02', 'reserved'],
        ]);
        const again = await h.port.reserve('k-1', request({ needs: [{ resourceSpecId: 'RS-PORT', quantity: 2 }] }));
        expect(again.map((r) => r.id)).toEqual(['P-01', 'P-02']);
        expect(await h.historyRows()).toBe(2);
        const stored = await h.stored();
        expect(stored['P-01']).toEqual({ state: 'reserved', reservationId: 'RO-1' });
        expect(stored['P-03']).toEqual({ state: 'available', reservationId: null });
      }),
    );

    it(
      'is all or nothing: a need it cannot meet rejects the whole reservation and changes nothing',
      withInventory(async (h) => {
        const err = await rejection(
          h.port.reserve(
            'k-2',
            request({
              needs: [
                { resourceSpecId: 'RS-PORT', quantity: 1 },
                { resourceSpecId: 'RS-CPE', quantity: 2 },
              ],
            }),
          ),
        );
        expect(err.type).toBe(BusinessErrorType.ResourceUnavailable);
        expect(Object.values(await h.stored()).every((r) => r.state === 'available')).toBe(true);
        expect(await h.historyRows()).toBe(0);
        // The key was not spent on the failure: the same key may succeed once stock allows.
        expect((await h.port.reserve('k-2', request())).map((r) => r.id)).toEqual(['P-01']);
      }),
    );

    it(
      'never gives one resource to two reservations made at the same moment',
      withInventory(async (h) => {
        // Under contention an adapter may answer with a transient error (rows locked by a
        // reservation in flight); the activity retries it, as Temporal would, until a business
        // answer: resources, or ResourceUnavailable.
        const retried = async (i: number) => {
          for (let attempt = 1; ; attempt++) {
            try {
              return await h.port.reserve(`race-${i}`, request({ reservationId: `RO-R${i}`, serviceId: `SVC-R${i}` }));
            } catch (err) {
              if (err instanceof BusinessRejection || attempt === 20) throw err;
              await new Promise((r) => setTimeout(r, 20 * attempt));
            }
          }
        };
        const attempts = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => retried(i)));
        const won = attempts.flatMap((a) => (a.status === 'fulfilled' ? a.value.map((r) => r.id) : []));
        expect(new Set(won).size).toBe(won.length);
        expect(won.sort()).toEqual(['P-01', 'P-02', 'P-03', 'P-04']);
        for (const a of attempts.filter((x) => x.status === 'rejected'))
          expect((a as PromiseRejectedResult).reason).toBeInstanceOf(BusinessRejection);
        const reserved = Object.entries(await h.stored()).filter(([, r]) => r.state === 'reserved');
        expect(new Set(reserved.map(([, r]) => r.reservationId)).size).toBe(4);
      }),
    );

    it(
      'moves resources only along the allowed transitions, and back to the pool on release',
      withInventory(async (h) => {
        await h.port.reserve('k-3', request());
        const bad = await rejection(h.port.transition('t-0', ['P-01'], 'reserved', 'inService', 'skip a step'));
        expect(bad.type).toBe(BusinessErrorType.InvalidStateTransition);
        const wrongFrom = await rejection(h.port.transition('t-1', ['P-01'], 'outOfService', 'inService', 'not yet'));
        expect(wrongFrom.type).toBe(BusinessErrorType.InvalidStateTransition);
        await h.port.transition('t-2', ['P-01'], 'reserved', 'outOfService', 'configuring');
        const live = await h.port.transition('t-3', ['P-01'], 'outOfService', 'inService', 'activated');
        expect(live.map((r) => r.state)).toEqual(['inService']);
        expect((await h.port.byService('SVC-1')).map((r) => r.id)).toEqual(['P-01']);
        await h.port.transition('t-4', ['P-01'], 'inService', 'outOfService', 'cease');
        expect(await h.port.release('r-1', 'RO-1', 'ceased')).toEqual(['P-01']);
        expect((await h.stored())['P-01']).toEqual({ state: 'available', reservationId: null });
        expect(await h.port.byService('SVC-1')).toEqual([]);
      }),
    );

    it(
      "retires a supplier's delivery on release, and refuses an unknown specification",
      withInventory(async (h) => {
        const delivered = await h.port.registerSuppliedResource('s-1', {
          resourceSpecId: 'RS-CIRCUIT',
          region: 'PAR',
          name: 'leased circuit',
          supplierId: 'SUP-X',
          supplierReference: 'X-1',
          attributes: { bandwidthMbps: 100 },
          serviceId: 'SVC-2',
          customerId: 'CUST-2',
          reservationId: 'RO-2',
        });
        expect(delivered.state).toBe('reserved');
        expect((await h.port.registerSuppliedResource('s-1', { ...supplied(), reservationId: 'RO-2' })).id).toBe(
          delivered.id,
        );
        expect(await h.port.release('r-2', 'RO-2', 'order cancelled')).toEqual([delivered.id]);
        expect((await h.stored())[delivered.id]!.state).toBe('retired');
        const unknown = await rejection(
          h.port.registerSuppliedResource('s-2', { ...supplied(), resourceSpecId: 'RS-NONE' }),
        );
        expect(unknown.type).toBe(BusinessErrorType.NotFound);
      }),
    );

    it(
      'releases the holds that expired, and only those',
      withInventory(async (h) => {
        await h.port.reserve('k-4', request({ reservationId: 'RO-OLD', holdUntil: '2020-01-01T00:00:00.000Z' }));
        await h.port.reserve('k-5', request({ reservationId: 'RO-NEW', serviceId: 'SVC-9' }));
        expect(await h.port.releaseExpiredHolds('x-1', '2025-01-01T00:00:00.000Z')).toEqual(['RO-OLD']);
        expect(await h.port.byReservation('RO-OLD')).toEqual([]);
        expect((await h.port.byReservation('RO-NEW')).map((r) => r.id)).toEqual(['P-02']);
      }),
    );

    it(
      'lists and counts by criteria, newest change first',
      withInventory(async (h) => {
        await h.port.reserve('k-6', request());
        const page = await h.port.search({ states: ['reserved'], offset: 0, limit: 10 });
        expect(page.total).toBe(1);
        expect(page.orders.map((r) => [r.id, r.serviceId, r.customerId, r.region])).toEqual([
          ['P-01', 'SVC-1', 'CUST-1', 'PAR'],
        ]);
        const ports = await h.port.search({ resourceSpecIds: ['RS-PORT'], offset: 1, limit: 2 });
        expect(ports.total).toBe(5);
        expect(ports.orders).toHaveLength(2);
      }),
    );
  });
}

const supplied = () => ({
  resourceSpecId: 'RS-CIRCUIT',
  region: 'PAR',
  name: 'leased circuit',
  supplierId: 'SUP-X',
  supplierReference: 'X-1',
  attributes: {},
  serviceId: 'SVC-2',
  customerId: 'CUST-2',
  reservationId: 'RO-3',
});
