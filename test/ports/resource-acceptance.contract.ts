import { describe, expect, it } from 'vitest';
import { BusinessRejection } from '../../src/contracts/errors';
import type { ResourceAcceptancePort } from '../../src/ports/resource-acceptance';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The resource acceptance port's contract (1.O.3.1.1), for every adapter (docs/ADAPTERS.md):
 * resources handed over (new, repaired, discovered) wait for their test; a pass puts a resource
 * out of service into the available pool once, with its history, and ends the capacity shortfall
 * it was added for once all its resources are accepted; a failure leaves it out of the pool.
 */

export const NOW = '2026-03-02T09:00:00.000Z';

/** What the contract reads beside the port. */
export interface AcceptanceReads {
  resourceState(id: string): Promise<string>;
  shortfallState(id: string): Promise<string>;
}

export type ResourceAcceptanceHarness = StoreHarness<ResourceAcceptancePort, AcceptanceReads>;

const port = (id: string, state: string) => ({
  id,
  spec_id: 'RS-PORT',
  resource_type: 'port',
  name: id,
  region: 'PAR',
  attributes: '{}',
  state,
  updated_at: NOW,
});
const shortfall = (id: string, state: string, added: string[]) => ({
  id,
  resource_spec_id: 'RS-PORT',
  region: id === 'CS-1' ? 'PAR' : 'LYO',
  available: 0,
  total: 4,
  state,
  added_resource_ids: JSON.stringify(added),
  detected_at: NOW,
});

/** Five Paris ports out of service (one found on the network available); a shortfall waits for two. */
const FIXTURES: Fixture[] = [
  ['resource_specs', { id: 'RS-PORT', name: 'port', resource_type: 'port' }],
  ...['PORT-1', 'PORT-2', 'PORT-3', 'PORT-4'].map((id): Fixture => ['resources', port(id, 'outOfService')]),
  ['resources', port('PORT-5', 'available')],
  ['capacity_shortfalls', shortfall('CS-1', 'capacityOrdered', ['PORT-1', 'PORT-2'])],
  ['capacity_shortfalls', shortfall('CS-2', 'short', ['PORT-3'])],
];

const item = (
  resourceId: string,
  reason: string,
  source: string,
  state = 'pending',
  resourceState = 'outOfService',
) => ({
  resourceId,
  resourceType: 'port',
  reason,
  source,
  state,
  resourceState,
});

export function resourceAcceptanceContract(adapter: string, make: () => Promise<ResourceAcceptanceHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`resource acceptance port on ${adapter}`, () => {
    it(
      'hand-over: each resource waits for its test, in id order; handed over again it waits afresh',
      withStore(async (h) => {
        await h.port.handOver('h/2', 'PORT-2', 'repaired', 'SH-2');
        await h.port.handOver('h/1', 'PORT-1', 'new', 'SH-1');
        await h.port.handOver('h/5', 'PORT-5', 'discovered', 'audit');
        expect(await h.port.pendingAcceptance()).toEqual([
          item('PORT-1', 'new', 'SH-1'),
          item('PORT-2', 'repaired', 'SH-2'),
          item('PORT-5', 'discovered', 'audit', 'pending', 'available'),
        ]);
        expect(await h.port.recordAcceptance('t/2', 'PORT-2', false, 'still faulty')).toEqual(
          item('PORT-2', 'repaired', 'SH-2', 'failed'),
        );
        await h.port.handOver('h/2b', 'PORT-2', 'repaired', 'SH-3');
        expect((await h.port.pendingAcceptance()).map((i) => `${i.resourceId}/${i.source}`)).toEqual([
          'PORT-1/SH-1',
          'PORT-2/SH-3',
          'PORT-5/audit',
        ]);
      }),
    );

    it(
      'a pass puts the resource in the pool with its history; a failure leaves it out; an available one stays',
      withStore(async (h) => {
        for (const id of ['PORT-3', 'PORT-4', 'PORT-5']) await h.port.handOver(`h/${id}`, id, 'new', 'SH-1');
        expect(await h.port.recordAcceptance('t/3', 'PORT-3', true, 'loopback ok')).toEqual(
          item('PORT-3', 'new', 'SH-1', 'accepted', 'available'),
        );
        expect(await h.port.recordAcceptance('t/4', 'PORT-4', false, 'no light')).toEqual(
          item('PORT-4', 'new', 'SH-1', 'failed'),
        );
        expect((await h.port.recordAcceptance('t/5', 'PORT-5', true, 'ok')).resourceState).toBe('available');
        expect(await h.port.pendingAcceptance()).toEqual([]);
        expect(await h.count('resource_state_history')).toBe(1);
        // Not ordered capacity: a shortfall still short is not ended by a pass.
        expect(await h.shortfallState('CS-2')).toBe('short');
      }),
    );

    it(
      'shortfall: ended when the last of the resources added for it is accepted',
      withStore(async (h) => {
        await h.port.handOver('h/1', 'PORT-1', 'new', 'SH-1');
        await h.port.handOver('h/2', 'PORT-2', 'new', 'SH-1');
        await h.port.recordAcceptance('t/1', 'PORT-1', true, 'ok');
        expect(await h.shortfallState('CS-1')).toBe('capacityOrdered');
        await h.port.recordAcceptance('t/2', 'PORT-2', false, 'no light');
        expect(await h.shortfallState('CS-1')).toBe('capacityOrdered');
        await h.port.handOver('h/2b', 'PORT-2', 'repaired', 'SH-2');
        await h.port.recordAcceptance('t/2b', 'PORT-2', true, 'ok');
        expect(await h.shortfallState('CS-1')).toBe('resolved');
      }),
    );

    it(
      'idempotency: the same key twice writes once and returns the first result',
      withStore(async (h) => {
        await h.port.handOver('h/1', 'PORT-1', 'new', 'SH-1');
        await h.port.handOver('h/1', 'PORT-1', 'repaired', 'SH-9');
        expect(await h.port.pendingAcceptance()).toEqual([item('PORT-1', 'new', 'SH-1')]);
        const passed = await h.port.recordAcceptance('t/1', 'PORT-1', true, 'ok');
        expect(await h.port.recordAcceptance('t/1', 'PORT-1', false, 'a retry that read it wrong')).toEqual(passed);
        expect(await h.count('resource_state_history')).toBe(1);
      }),
    );

    it(
      'all or nothing: a hand-over of a resource the inventory does not hold writes nothing and keeps its key',
      withStore(async (h) => {
        const err = await h.port.handOver('h/1', 'PORT-404', 'new', 'SH-1').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect(err).not.toBeInstanceOf(BusinessRejection);
        expect(await h.count('resource_acceptance')).toBe(0);
        await h.port.handOver('h/1', 'PORT-1', 'new', 'SH-1');
        expect(await h.port.pendingAcceptance()).toEqual([item('PORT-1', 'new', 'SH-1')]);
      }),
    );

    it(
      'concurrent writers: the last two of a shortfall accepted at once end it; one pass by four workers is one move',
      withStore(async (h) => {
        // Six more shortfalls in other regions, each waiting for two new ports.
        const pairs = ['MRS', 'LIL', 'NCE', 'TLS', 'BDX', 'NTE'].map((region) => [`${region}-A`, `${region}-B`]);
        for (const [i, pair] of pairs.entries()) {
          for (const id of pair) await h.insert('resources', port(id, 'outOfService'));
          await h.insert('capacity_shortfalls', { ...shortfall(`CS-X${i}`, 'capacityOrdered', pair), region: pair[0] });
        }
        const waiting = [['PORT-1', 'PORT-2'], ...pairs].flat();
        for (const id of [...waiting, 'PORT-3']) await h.port.handOver(`h/${id}`, id, 'new', 'SH-1');
        await Promise.all(waiting.map((id) => h.port.recordAcceptance(`t/${id}`, id, true, 'ok')));
        for (const id of ['CS-1', ...pairs.map((_, i) => `CS-X${i}`)])
          expect(await h.shortfallState(id)).toBe('resolved');
        await Promise.all([1, 2, 3, 4].map((i) => h.port.recordAcceptance(`t/3/${i}`, 'PORT-3', true, 'ok')));
        expect(await h.resourceState('PORT-3')).toBe('available');
        expect(await h.count('resource_state_history')).toBe(waiting.length + 1);
      }),
    );
  });
}
