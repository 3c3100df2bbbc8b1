import { describe, expect, it } from 'vitest';
import { BusinessRejection } from '../../src/contracts/errors';
import type { NumberBlockPort } from '../../src/ports/number-blocks';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The identifier pools' contract (1.O.1.1.2, 1.O.2.1.2), for every adapter (docs/ADAPTERS.md):
 * each region's pool counted, blocks of telephone numbers and address ranges added after the
 * last identifier, once per key, a class that is no pool refused with nothing written, and blocks
 * added by several workers at once following one another — no identifier made twice.
 */

export const NOW = '2026-03-02T09:00:00.000Z';

/** What a contract reads beside the port: the names of a pool's identifiers, in order. */
export interface PoolReads {
  names(specId: string, region: string): Promise<string[]>;
}
export type NumberBlockHarness = StoreHarness<NumberBlockPort, PoolReads>;

const TEL = 'RS-TEL-NUMBER';
const IP = 'RS-IPV4-29';
const identifier = (id: string, spec: string, name: string, region: string, state = 'available'): Fixture => [
  'resources',
  {
    id,
    spec_id: spec,
    resource_type: spec === TEL ? 'telephone-number' : 'ip-range',
    name,
    region,
    attributes: '{}',
    state,
    updated_at: NOW,
  },
];
/** Paris: three numbers (one taken, one retired); Lyon: one address range; Lille: nothing yet. */
const FIXTURES: readonly Fixture[] = [
  ['resource_specs', { id: TEL, name: 'telephone number', resource_type: 'telephone-number' }],
  ['resource_specs', { id: IP, name: 'IPv4 /29', resource_type: 'ip-range' }],
  ['resource_specs', { id: 'RS-PORT', name: 'port', resource_type: 'port' }],
  identifier('TN-33170000001', TEL, '+33170000001', 'PAR'),
  identifier('TN-33170000002', TEL, '+33170000002', 'PAR', 'inService'),
  identifier('TN-33170000009', TEL, '+33170000009', 'PAR', 'retired'),
  identifier('IP-LYO-203-0-113-0-29', IP, '203.0.113.0/29', 'LYO'),
];

export function numberBlocksContract(adapter: string, make: () => Promise<NumberBlockHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`number blocks port on ${adapter}`, () => {
    it(
      "each region's pool: its identifiers in use or free, retired ones left out",
      withStore(async (h) => {
        expect(await h.port.pools(TEL)).toEqual([{ resourceSpecId: TEL, region: 'PAR', total: 2, free: 1 }]);
        expect(await h.port.pools(IP)).toEqual([{ resourceSpecId: IP, region: 'LYO', total: 1, free: 1 }]);
        expect(await h.port.pools('RS-NONE')).toEqual([]);
      }),
    );

    it(
      'telephone numbers after the highest (retired ones count), from the region base in an empty pool; once per key',
      withStore(async (h) => {
        const block = await h.port.addBlock('k/par', TEL, 'PAR', 3, 'pool low');
        expect(block).toEqual({
          id: 'NB-000001',
          resourceSpecId: TEL,
          region: 'PAR',
          firstValue: '+33170000010',
          lastValue: '+33170000012',
          size: 3,
        });
        expect(await h.port.addBlock('k/par', TEL, 'PAR', 3, 'pool low')).toEqual(block);
        expect(await h.port.pools(TEL)).toEqual([{ resourceSpecId: TEL, region: 'PAR', total: 5, free: 4 }]);
        expect(await h.port.addBlock('k/lil', TEL, 'LIL', 2, 'new region')).toMatchObject({
          firstValue: '+33370000000',
          lastValue: '+33370000001',
        });
        expect(await h.count('number_blocks')).toBe(2);
      }),
    );

    it(
      'address ranges after the last one, eight addresses apart',
      withStore(async (h) => {
        expect(await h.port.addBlock('k/ip', IP, 'LYO', 2, 'pool low')).toMatchObject({
          firstValue: '203.0.113.8/29',
          lastValue: '203.0.113.16/29',
        });
        expect(await h.names(IP, 'LYO')).toEqual(['203.0.113.0/29', '203.0.113.16/29', '203.0.113.8/29']);
      }),
    );

    it(
      'a class that is no identifier pool is a plain error: nothing written, and the key stays free',
      withStore(async (h) => {
        const resources = await h.count('resources');
        const err = await h.port.addBlock('k/x', 'RS-PORT', 'PAR', 2, 'no').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect(err).not.toBeInstanceOf(BusinessRejection);
        expect(await h.count('resources')).toBe(resources);
        expect(await h.count('number_blocks')).toBe(0);
        expect((await h.port.addBlock('k/x', TEL, 'PAR', 1, 'low')).firstValue).toBe('+33170000010');
      }),
    );

    it(
      'concurrent workers: four blocks added to one pool at once follow one another, no number made twice',
      withStore(async (h) => {
        const blocks = await Promise.all([1, 2, 3, 4].map((w) => h.port.addBlock(`k/${w}`, TEL, 'PAR', 3, `w${w}`)));
        const firsts = blocks.map((b) => b.firstValue).sort();
        expect(firsts).toEqual(['+33170000010', '+33170000013', '+33170000016', '+33170000019']);
        const names = await h.names(TEL, 'PAR');
        expect(names).toHaveLength(3 + 12);
        expect(new Set(names).size).toBe(names.length);
        expect(names.at(-1)).toBe('+33170000021');
      }),
    );
  });
}
