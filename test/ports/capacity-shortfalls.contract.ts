import { describe, expect, it } from 'vitest';
import type { CapacityShortfallPort } from '../../src/ports/capacity-shortfalls';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The capacity shortfalls' contract (Manage Resource Inventory 1.O.3.1.5 and the capacity
 * delivered for them), for every adapter (docs/ADAPTERS.md): one shortfall open per class and
 * region (also when workers open it at once), listed by state, and capacity installed once — like
 * the class's latest resource, access ports on a new card in the emptiest node — out of service
 * and handed over for acceptance, also when several workers deliver it at once.
 */

export const NOW = '2026-06-10T10:05:00.000Z';

/** What a contract reads beside the port: where a resource sits, its state and attributes. */
export interface InstalledReads {
  installed(id: string): Promise<{ parent: string | null; site: string | null; state: string; attributes: unknown }>;
}
export type CapacityShortfallHarness = StoreHarness<CapacityShortfallPort, InstalledReads>;

const resource = (id: string, spec: string, type: string, over: Record<string, unknown> = {}): Fixture => [
  'resources',
  {
    id,
    spec_id: spec,
    resource_type: type,
    name: id,
    region: 'PAR',
    attributes: '{}',
    state: 'inService',
    updated_at: NOW,
    ...over,
  },
];
/** Paris: two nodes (the second without cards), a port on the first's card, a VLAN in a site. */
const FIXTURES: readonly Fixture[] = [
  ...(
    [
      ['RS-NODE', 'node'],
      ['RS-CARD', 'card'],
      ['RS-ACCESS-PORT', 'port'],
      ['RS-VLAN', 'vlan'],
    ] as const
  ).map(([id, type]): Fixture => ['resource_specs', { id, name: id, resource_type: type }]),
  resource('NODE-A', 'RS-NODE', 'node', { site: 'PAR-1' }),
  resource('NODE-B', 'RS-NODE', 'node', { site: 'PAR-2' }),
  resource('CARD-A1', 'RS-CARD', 'card', { parent_id: 'NODE-A', site: 'PAR-1' }),
  resource('PORT-A1-1', 'RS-ACCESS-PORT', 'port', { parent_id: 'CARD-A1', site: 'PAR-1' }),
  resource('VLAN-1', 'RS-VLAN', 'vlan', { site: 'PAR-3', attributes: JSON.stringify({ vlanId: 100 }) }),
];

const short = (spec: string, available = 0) => ({ resourceSpecId: spec, region: 'PAR', available, total: 8 });

export function capacityShortfallsContract(adapter: string, make: () => Promise<CapacityShortfallHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`capacity shortfalls port on ${adapter}`, () => {
    it(
      'one shortfall open per class and region, once per key; listed by state',
      withStore(async (h) => {
        const s = await h.port.openShortfall('k/s', short('RS-ACCESS-PORT'));
        expect(s).toEqual({
          id: 'CS-000001',
          resourceSpecId: 'RS-ACCESS-PORT',
          region: 'PAR',
          available: 0,
          total: 8,
          state: 'short',
          addedResourceIds: [],
        });
        expect(await h.port.openShortfall('k/s', short('RS-ACCESS-PORT'))).toEqual(s);
        expect(await h.port.openShortfall('k/again', short('RS-ACCESS-PORT', 1))).toEqual(s);
        const v = await h.port.openShortfall('k/v', short('RS-VLAN'));
        await h.port.deliverCapacity('k/dv', v.id);
        expect((await h.port.shortfalls()).map((x) => `${x.id} ${x.state}`)).toEqual([
          'CS-000001 short',
          'CS-000002 capacityOrdered',
        ]);
        expect((await h.port.shortfalls('short')).map((x) => x.id)).toEqual(['CS-000001']);
        expect(await h.port.shortfalls('resolved')).toEqual([]);
      }),
    );

    it(
      'access ports on a new card in the node with the fewest cards, out of service and handed over; once',
      withStore(async (h) => {
        const s = await h.port.openShortfall('k/s', short('RS-ACCESS-PORT'));
        const before = await h.count('resources');
        const d = await h.port.deliverCapacity('k/d', s.id);
        expect(d.state).toBe('capacityOrdered');
        expect(d.addedResourceIds).toEqual([
          'CARD-PAR-000001',
          ...Array.from({ length: 8 }, (_, i) => `ACCESS-PORT-PAR-00000${i + 1}`),
        ]);
        expect(await h.installed('CARD-PAR-000001')).toEqual({
          parent: 'NODE-B',
          site: 'PAR-2',
          state: 'outOfService',
          attributes: {},
        });
        expect(await h.installed('ACCESS-PORT-PAR-000008')).toMatchObject({
          parent: 'CARD-PAR-000001',
          site: 'PAR-2',
          state: 'outOfService',
        });
        expect(await h.count('resources')).toBe(before + 9);
        expect(await h.count('resource_acceptance')).toBe(9);
        expect(await h.port.deliverCapacity('k/d', s.id)).toEqual(d);
        expect(await h.port.deliverCapacity('k/d2', s.id)).toEqual(d);
        expect(await h.count('resources')).toBe(before + 9);
      }),
    );

    it(
      'other classes like their latest resource: its site, parent and attributes',
      withStore(async (h) => {
        const s = await h.port.openShortfall('k/s', short('RS-VLAN'));
        const d = await h.port.deliverCapacity('k/d', s.id);
        expect(d.addedResourceIds).toHaveLength(20);
        expect(await h.installed(d.addedResourceIds[19]!)).toEqual({
          parent: null,
          site: 'PAR-3',
          state: 'outOfService',
          attributes: { vlanId: 100 },
        });
      }),
    );

    it(
      'concurrent workers: a shortfall opened by four at once is one; delivered by three at once, installed once',
      withStore(async (h) => {
        const opened = await Promise.all([1, 2, 3, 4].map((w) => h.port.openShortfall(`k/o/${w}`, short('RS-VLAN'))));
        expect(new Set(opened.map((s) => s.id)).size).toBe(1);
        const before = await h.count('resources');
        const delivered = await Promise.all([1, 2, 3].map((w) => h.port.deliverCapacity(`k/d/${w}`, opened[0]!.id)));
        expect(new Set(delivered.map((d) => d.addedResourceIds.join()))).toHaveProperty('size', 1);
        expect(await h.count('resources')).toBe(before + 20);
        expect(await h.count('capacity_shortfalls')).toBe(1);
      }),
    );
  });
}
