import { beforeEach, describe, expect, it } from 'vitest';
import type { WorkforcePort } from '../../src/ports/workforce';
import { useTestStore } from '../support/store';

const t = useTestStore('2026-03-02T09:00:00.000Z');
const { count, run } = t;
let wf: WorkforcePort;

beforeEach(() => {
  wf = t.store.ports.workforce;
});

const job = (reference: string, skill = 'voice', region = 'LYO') => ({ reference, kind: 'install', skill, region });

describe('SQLite workforce', () => {
  it('knows the technicians of a region and their skills', async () => {
    expect(await wf.technicians('PAR')).toEqual([
      { id: 'TECH-01', name: 'Julien Robert', region: 'PAR', skills: ['fibre', 'cpe'] },
      { id: 'TECH-02', name: 'Sophie Richard', region: 'PAR', skills: ['copper', 'voice'] },
    ]);
    expect(await wf.technicians()).toHaveLength(5);
  });

  it('dispatches to an available technician with the skill, least loaded first', async () => {
    run("INSERT INTO technicians (id, name, region, skills) VALUES ('TECH-09', 'Nina Faure', 'LYO', '[\"voice\"]')");
    const a = await wf.dispatch('k1', job('SO-1'));
    const b = await wf.dispatch('k2', job('SO-2'));
    const c = await wf.dispatch('k3', job('SO-3'));
    expect([a.technicianId, b.technicianId, c.technicianId]).toEqual(['TECH-03', 'TECH-09', 'TECH-03']);
    expect(a).toMatchObject({
      id: 'WO-000001',
      state: 'assigned',
      reference: 'SO-1',
      createdAt: '2026-03-02T09:00:00.000Z',
    });
    // One who is away gets nothing.
    run("UPDATE technicians SET available = 0 WHERE id = 'TECH-09'");
    expect((await wf.dispatch('k4', job('SO-4'))).technicianId).toBe('TECH-03');
  });

  it('dispatches once per idempotency key', async () => {
    const a = await wf.dispatch('k', job('SO-1'));
    const b = await wf.dispatch('k', job('SO-1'));
    expect(b).toEqual(a);
    expect(await wf.byReference('SO-1')).toHaveLength(1);
  });

  it('refuses when nobody in the region has the skill, writing nothing', async () => {
    await expect(wf.dispatch('k', job('SO-1', 'fibre', 'PAR-EAST'))).rejects.toMatchObject({
      type: 'ResourceUnavailable',
    });
    await expect(wf.dispatch('k2', job('SO-1', 'copper', 'LYO'))).rejects.toMatchObject({
      type: 'ResourceUnavailable',
    });
    expect(count('SELECT COUNT(*) FROM work_orders')).toBe(0);
  });

  it('completes or cancels an open work order, and never reopens a closed one', async () => {
    const a = await wf.dispatch('d1', job('SO-1'));
    const done = await wf.complete('c1', a.id, 'line installed');
    expect(done).toMatchObject({
      state: 'completed',
      completedAt: '2026-03-02T09:00:00.000Z',
      notes: 'line installed',
    });
    expect(await wf.complete('c1', a.id, 'line installed')).toEqual(done);
    await expect(wf.cancel('x1', a.id, 'too late')).rejects.toMatchObject({ type: 'InvalidStateTransition' });

    const b = await wf.dispatch('d2', job('SO-2'));
    expect(await wf.cancel('x2', b.id, 'order cancelled')).toMatchObject({ state: 'cancelled', completedAt: null });
    expect((await wf.get(b.id))?.state).toBe('cancelled');
    await expect(wf.complete('c3', 'WO-999999', 'n/a')).rejects.toMatchObject({ type: 'NotFound' });
  });
});
