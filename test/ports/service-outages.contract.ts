import { describe, expect, it } from 'vitest';
import type { ServiceOutage, ServiceOutagePort } from '../../src/ports/service-outages';
import { type StoreHarness, withFixtures } from './table-rows';

/**
 * The service outages' contract (certified by 1.A.2.3.5, read by 1.A.2.4), for every adapter
 * (docs/ADAPTERS.md): an outage recorded once per key with a readable id, also when workers
 * record it at once, and found by the period it overlaps, for one service or all.
 */

export const NOW = '2026-12-01T06:00:00.000Z';

export type ServiceOutageHarness = StoreHarness<ServiceOutagePort>;

const outage = (serviceId: string, startedAt: string, restoredAt: string): Omit<ServiceOutage, 'id'> => ({
  serviceId,
  customerId: 'CUST-1',
  serviceProblemId: 'SP-1',
  cause: 'resource',
  startedAt,
  restoredAt,
});
const NOV = ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'] as const;

export function serviceOutagesContract(adapter: string, make: () => Promise<ServiceOutageHarness>): void {
  const withStore = withFixtures(make, []);

  describe(`service outages port on ${adapter}`, () => {
    it(
      'recorded once per key with a readable id, as given',
      withStore(async (h) => {
        const given = {
          ...outage('SVC-1', '2026-11-03T10:00:00.000Z', '2026-11-03T12:30:00.000Z'),
          serviceProblemId: null,
        };
        const a = await h.port.record('k/a', given);
        expect(a).toEqual({ id: 'OUT-000001', ...given });
        expect(await h.port.record('k/a', given)).toEqual(a);
        expect((await h.port.record('k/b', given)).id).toBe('OUT-000002');
        expect(await h.count('service_outages')).toBe(2);
      }),
    );

    it(
      'found by the period they overlap — one starting before it, one ending at its start left out — for one service or all, oldest first',
      withStore(async (h) => {
        await h.port.record('a', outage('SVC-2', '2026-11-10T00:00:00.000Z', '2026-11-10T00:30:00.000Z'));
        await h.port.record('b', outage('SVC-1', '2026-10-31T23:00:00.000Z', '2026-11-01T01:00:00.000Z'));
        await h.port.record('c', outage('SVC-1', '2026-10-31T22:00:00.000Z', '2026-11-01T00:00:00.000Z'));
        await h.port.record('d', outage('SVC-2', '2026-11-30T23:00:00.000Z', '2026-12-01T02:00:00.000Z'));
        await h.port.record('e', outage('SVC-2', '2026-12-01T00:00:00.000Z', '2026-12-01T02:00:00.000Z'));
        const ids = (list: ServiceOutage[]) => list.map((o) => `${o.serviceId}@${o.startedAt.slice(5, 13)}`);
        expect(ids(await h.port.overlapping(...NOV))).toEqual(['SVC-1@10-31T23', 'SVC-2@11-10T00', 'SVC-2@11-30T23']);
        expect(ids(await h.port.overlapping(...NOV, 'SVC-1'))).toEqual(['SVC-1@10-31T23']);
        expect(await h.port.overlapping(...NOV, 'SVC-NONE')).toEqual([]);
        expect(await h.port.overlapping('2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z')).toEqual([]);
      }),
    );

    it(
      'concurrent workers: one closure recorded by four at once is one outage',
      withStore(async (h) => {
        const given = outage('SVC-1', '2026-11-03T10:00:00.000Z', '2026-11-03T12:30:00.000Z');
        const all = await Promise.all([1, 2, 3, 4].map(() => h.port.record('k/close/SP-1', given)));
        expect(new Set(all.map((o) => o.id)).size).toBe(1);
        expect(await h.count('service_outages')).toBe(1);
      }),
    );
  });
}
