import { describe, expect, it } from 'vitest';
import { BusinessErrorType } from '../../src/contracts/errors';
import type { WorkforcePort } from '../../src/ports/workforce';
import { rejection } from './harness';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The field workforce's contract (Manage Workforce 1.O.3.1.6), for every adapter
 * (docs/ADAPTERS.md): technicians by region, work orders dispatched least loaded first, once per
 * key, refused where nobody can take them, closed once, escalated to another technician, and
 * dispatches from several workers at once spread as if they had come one by one. Converted from
 * test/store/workforce.test.ts. The clock reads `NOW`.
 */

export const NOW = '2026-03-02T09:00:00.000Z';

export type WorkforceHarness = StoreHarness<WorkforcePort>;

const tech = (id: string, region: string, skills: string[], available = 1): Fixture => [
  'technicians',
  { id, name: `Tech ${id}`, region, skills: JSON.stringify(skills), available },
];
const FIXTURES: readonly Fixture[] = [
  tech('TECH-01', 'PAR', ['fibre', 'cpe']),
  tech('TECH-02', 'PAR', ['copper', 'voice']),
  tech('TECH-03', 'LYO', ['voice', 'copper']),
  tech('TECH-04', 'LYO', ['voice']),
  tech('TECH-05', 'LYO', ['voice'], 0),
];

const job = (reference: string, skill = 'voice', region = 'LYO') => ({ reference, kind: 'install', skill, region });

export function workforceContract(adapter: string, make: () => Promise<WorkforceHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`workforce port on ${adapter}`, () => {
    it(
      'technicians of a region and their skills; one added is dispatched to at once, once per key',
      withStore(async (h) => {
        expect(await h.port.technicians('PAR')).toEqual([
          { id: 'TECH-01', name: 'Tech TECH-01', region: 'PAR', skills: ['fibre', 'cpe'] },
          { id: 'TECH-02', name: 'Tech TECH-02', region: 'PAR', skills: ['copper', 'voice'] },
        ]);
        expect(await h.port.technicians()).toHaveLength(5);
        expect(await h.port.technicians('NONE')).toEqual([]);
        const added = await h.port.addTechnician('k/add', { name: 'Nina', region: 'NCE', skills: ['fibre'] });
        expect(added).toEqual({ id: 'TECH-000001', name: 'Nina', region: 'NCE', skills: ['fibre'] });
        expect(await h.port.addTechnician('k/add', { name: 'Nina', region: 'NCE', skills: ['fibre'] })).toEqual(added);
        expect((await h.port.dispatch('k/d', job('SO-1', 'fibre', 'NCE'))).technicianId).toBe(added.id);
      }),
    );

    it(
      'dispatches to an available technician with the skill, least loaded first, once per key',
      withStore(async (h) => {
        const a = await h.port.dispatch('k1', job('SO-1'));
        const b = await h.port.dispatch('k2', job('SO-2'));
        const c = await h.port.dispatch('k3', job('SO-3'));
        expect([a.technicianId, b.technicianId, c.technicianId]).toEqual(['TECH-03', 'TECH-04', 'TECH-03']);
        expect(a).toMatchObject({
          id: 'WO-000001',
          state: 'assigned',
          reference: 'SO-1',
          kind: 'install',
          createdAt: NOW,
          completedAt: null,
          notes: null,
          escalations: 0,
          escalatedAt: null,
        });
        expect(await h.port.dispatch('k1', job('SO-1'))).toEqual(a);
        expect(await h.port.byReference('SO-1')).toEqual([a]);
        expect((await h.port.open()).map((w) => w.id)).toEqual(['WO-000001', 'WO-000002', 'WO-000003']);
      }),
    );

    it(
      'refuses (ResourceUnavailable) where nobody available has the skill, writing nothing and keeping the key free',
      withStore(async (h) => {
        for (const [region, skill] of [
          ['PAR-EAST', 'fibre'],
          ['LYO', 'fibre'],
        ] as const) {
          const err = await rejection(h.port.dispatch('k', job('SO-1', skill, region)));
          expect(err.type).toBe(BusinessErrorType.ResourceUnavailable);
          expect(err.details).toEqual({ skill, region });
        }
        expect(await h.count('work_orders')).toBe(0);
        expect((await h.port.dispatch('k', job('SO-1'))).technicianId).toBe('TECH-03');
      }),
    );

    it(
      'completes or cancels an open work order once, and never reopens a closed one',
      withStore(async (h) => {
        const a = await h.port.dispatch('d1', job('SO-1', 'voice', 'LYO'));
        const done = await h.port.complete('c1', a.id, 'line installed');
        expect(done).toMatchObject({ state: 'completed', completedAt: NOW, notes: 'line installed' });
        expect(await h.port.complete('c1', a.id, 'line installed')).toEqual(done);
        expect(await h.port.complete('c2', a.id, 'again')).toEqual(done);
        const err = await rejection(h.port.cancel('x1', a.id, 'too late'));
        expect(err.type).toBe(BusinessErrorType.InvalidStateTransition);
        expect(err.details).toEqual({ from: 'completed', to: 'cancelled' });

        const b = await h.port.dispatch('d2', job('SO-2', 'voice', 'LYO'));
        expect(await h.port.cancel('x2', b.id, 'order cancelled')).toMatchObject({
          state: 'cancelled',
          completedAt: null,
        });
        expect((await h.port.get(b.id))?.state).toBe('cancelled');
        expect(await h.port.get('WO-999999')).toBeUndefined();
        expect((await rejection(h.port.complete('c3', 'WO-999999', 'n/a'))).type).toBe(BusinessErrorType.NotFound);
        expect(await h.port.open()).toEqual([]);
      }),
    );

    it(
      'escalation: to another technician with the skill when there is one, else kept, counted and noted; not once closed',
      withStore(async (h) => {
        const a = await h.port.dispatch('d1', { ...job('SO-1'), notes: 'ring twice' });
        expect(a.technicianId).toBe('TECH-03');
        const e1 = await h.port.escalate('e1', a.id, 'past target');
        expect(e1).toMatchObject({ technicianId: 'TECH-04', escalations: 1, escalatedAt: NOW, state: 'assigned' });
        expect(e1.notes).toBe('ring twice\nescalated: past target; re-dispatched from TECH-03 to TECH-04');
        expect(await h.port.escalate('e1', a.id, 'past target')).toEqual(e1);

        const p = await h.port.dispatch('d2', job('SO-2', 'fibre', 'PAR'));
        const kept = await h.port.escalate('e2', p.id, 'late');
        expect(kept).toMatchObject({ technicianId: 'TECH-01', escalations: 1 });
        expect(kept.notes).toBe('escalated: late; no other technician free, TECH-01 keeps it');
        await h.port.complete('c2', p.id, 'done');
        expect((await rejection(h.port.escalate('e3', p.id, 'late'))).type).toBe(
          BusinessErrorType.InvalidStateTransition,
        );
        expect((await h.port.get(p.id))!.escalations).toBe(1);
      }),
    );

    it(
      'concurrent workers: six dispatches in one region at once get distinct work orders, three per technician',
      withStore(async (h) => {
        const orders = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => h.port.dispatch(`k/${i}`, job(`SO-${i}`))));
        expect(new Set(orders.map((w) => w.id)).size).toBe(6);
        const per = (t: string) => orders.filter((w) => w.technicianId === t).length;
        expect([per('TECH-03'), per('TECH-04')]).toEqual([3, 3]);
        expect(await h.count('work_orders')).toBe(6);
      }),
    );
  });
}
