import { describe, expect, it } from 'vitest';
import type { MaintenanceJobPort } from '../../src/ports/maintenance-jobs';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The maintenance jobs' contract (Support Resource Trouble Management 1.O.3.1.3), for every
 * adapter (docs/ADAPTERS.md): one job requested per resource and kind (also when workers ask at
 * once), done once, and the out-of-service elements nobody holds, accepts, ships or has lost
 * from discovery — the ones to repair. The clock reads `NOW`.
 */

export const NOW = '2026-06-10T10:05:00.000Z';
const EARLIER = '2026-06-01T08:00:00.000Z';

export type MaintenanceJobHarness = StoreHarness<MaintenanceJobPort>;

const card = (id: string, over: Record<string, unknown> = {}): Fixture => [
  'resources',
  {
    id,
    spec_id: 'RS-CARD',
    resource_type: 'card',
    name: id,
    region: 'PAR',
    attributes: '{}',
    state: 'outOfService',
    updated_at: NOW,
    ...over,
  },
];
/**
 * Out-of-service cards: IDLE-1 and IDLE-2 wait for repair; the others are held, reserved, handed
 * over for acceptance, in transit, or no longer found by discovery since they last moved. LOST-OLD
 * was not found before its last move, so that finding no longer counts.
 */
const FIXTURES: readonly Fixture[] = [
  ['resource_specs', { id: 'RS-CARD', name: 'card', resource_type: 'card' }],
  ['resource_specs', { id: 'RS-PORT', name: 'port', resource_type: 'port' }],
  card('IDLE-1'),
  card('IDLE-2'),
  card('HELD', { service_id: 'SVC-1' }),
  card('RESERVED', { reservation_id: 'RES-1' }),
  card('ACCEPTING'),
  card('SHIPPED'),
  card('LOST'),
  card('LOST-OLD'),
  card('WORKING', { state: 'inService' }),
  ['resources', { ...card('PORT-1')[1], spec_id: 'RS-PORT', resource_type: 'port' }],
  [
    'resource_acceptance',
    { resource_id: 'ACCEPTING', reason: 'repaired', source: 'x', state: 'pending', handed_over_at: NOW },
  ],
  [
    'shipments',
    {
      id: 'SH-1',
      kind: 'returnForRepair',
      resource_ids: JSON.stringify(['X', 'SHIPPED']),
      origin: 'PAR',
      destination: 'PAR-WH',
      state: 'inTransit',
      created_at: NOW,
    },
  ],
  ...(['LOST', 'LOST-OLD'] as const).map((subject): Fixture => [
    'inventory_discrepancies',
    {
      id: `D-${subject}`,
      run_id: 'RUN-1',
      etom_id: '1.O.3.1.5',
      kind: 'notDiscovered',
      subject,
      detail: 'not seen',
      resolution: 'open',
      found_at: EARLIER,
    },
  ]),
  [
    'resource_state_history',
    { resource_id: 'LOST-OLD', from_state: 'inService', to_state: 'outOfService', reason: 'failed', at: NOW },
  ],
];

export function maintenanceJobsContract(adapter: string, make: () => Promise<MaintenanceJobHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`maintenance jobs port on ${adapter}`, () => {
    it(
      'one job requested per resource and kind, once per key; done once; a new one after it',
      withStore(async (h) => {
        const a = await h.port.requestMaintenance('k/a', { resourceId: 'IDLE-1', kind: 'repair', reason: 'failed' });
        expect(a).toEqual({
          id: 'MJ-000001',
          resourceId: 'IDLE-1',
          kind: 'repair',
          reason: 'failed',
          state: 'requested',
        });
        expect(
          await h.port.requestMaintenance('k/a', { resourceId: 'IDLE-1', kind: 'repair', reason: 'failed' }),
        ).toEqual(a);
        expect(
          await h.port.requestMaintenance('k/b', { resourceId: 'IDLE-1', kind: 'repair', reason: 'again' }),
        ).toEqual(a);
        const p = await h.port.requestMaintenance('k/p', { resourceId: 'IDLE-1', kind: 'preventive', reason: 'plan' });
        expect(p.id).toBe('MJ-000002');
        expect((await h.port.openMaintenance()).map((j) => j.id)).toEqual(['MJ-000001', 'MJ-000002']);

        await h.port.completeMaintenance('k/done', a.id, 'repaired', 'card reseated');
        await h.port.completeMaintenance('k/done2', a.id, 'failed', 'too late');
        expect((await h.port.openMaintenance()).map((j) => j.id)).toEqual(['MJ-000002']);
        const again = await h.port.requestMaintenance('k/c', {
          resourceId: 'IDLE-1',
          kind: 'repair',
          reason: 'failed again',
        });
        expect(again).toMatchObject({ id: 'MJ-000003', state: 'requested', reason: 'failed again' });
        expect(await h.count('maintenance_jobs')).toBe(3);
      }),
    );

    it(
      'out-of-service elements to repair: of the types asked, held by nobody, not accepted, shipped or lost since they moved',
      withStore(async (h) => {
        expect(await h.port.idleOutOfService(['card'])).toEqual(['IDLE-1', 'IDLE-2', 'LOST-OLD']);
        expect(await h.port.idleOutOfService(['card', 'port'])).toEqual(['IDLE-1', 'IDLE-2', 'LOST-OLD', 'PORT-1']);
        expect(await h.port.idleOutOfService(['node'])).toEqual([]);
      }),
    );

    it(
      'concurrent workers: the same job asked for by several at once is one job',
      withStore(async (h) => {
        const jobs = await Promise.all(
          [1, 2, 3, 4].map((w) =>
            h.port.requestMaintenance(`k/${w}`, { resourceId: 'IDLE-2', kind: 'repair', reason: `w${w}` }),
          ),
        );
        expect(new Set(jobs.map((j) => j.id)).size).toBe(1);
        expect(await h.count('maintenance_jobs')).toBe(1);
      }),
    );
  });
}
