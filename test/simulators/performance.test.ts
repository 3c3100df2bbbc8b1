import { describe, expect, it } from 'vitest';
import {
  baseline,
  createPerformanceSimulator,
  injectCrossing,
  injectTrend,
  MEASURABLE_TYPES,
} from '../../src/simulators/performance';
import { useTestStore } from '../support/store';

const DAY = '2026-06-05T00:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(DAY) + hours * 3_600_000);

const t = useTestStore(undefined, { installedBase: true });
const { run } = t;

describe('performance simulator', () => {
  it('reads the same values for the same element at the same time, different ones elsewhere', () => {
    const sim = createPerformanceSimulator(t.store.db);
    expect(sim.read('PORT-PAR-1-1-1', at(3))).toEqual(sim.read('PORT-PAR-1-1-1', at(3)));
    expect(sim.read('PORT-PAR-1-1-1', at(3))).toEqual(baseline('PORT-PAR-1-1-1', 'port', at(3)));
    expect(sim.read('PORT-PAR-1-1-1', at(3)).utilisationPct).not.toBe(sim.read('PORT-PAR-1-1-2', at(3)).utilisationPct);
  });

  it('stays healthy all day on every measurable element: within the default thresholds, busier in the afternoon', () => {
    const elements = t.store.db
      .prepare(
        `SELECT id, resource_type FROM resources WHERE resource_type IN (${MEASURABLE_TYPES.map(() => '?').join(',')})`,
      )
      .all(...MEASURABLE_TYPES) as Array<{ id: string; resource_type: string }>;
    const limits = t.store.db
      .prepare('SELECT resource_type, kpi, limit_value FROM performance_thresholds')
      .all() as Array<{
      resource_type: string;
      kpi: 'utilisationPct' | 'latencyMs' | 'packetLossPct' | 'errorsPerMin';
      limit_value: number;
    }>;
    for (const e of elements) {
      for (let h = 0; h < 24; h += 1) {
        const s = baseline(e.id, e.resource_type, at(h));
        expect(s.utilisationPct).toBeGreaterThanOrEqual(0);
        for (const l of limits.filter((x) => x.resource_type === e.resource_type))
          expect(s[l.kpi], `${e.id} ${l.kpi} at ${h}h`).toBeLessThanOrEqual(l.limit_value);
      }
    }
    const node = (h: number) => baseline('NODE-PAR-1', 'node', at(h)).utilisationPct;
    expect(node(14)).toBeGreaterThan(node(2) + 20);
  });

  it('drifts a KPI with an injected trend and jumps it with an injected crossing, only from their start', () => {
    const sim = createPerformanceSimulator(t.store.db);
    injectTrend(t.store.db, 'PORT-PAR-1-1-2', { perHour: 30, from: at(1).toISOString() });
    injectCrossing(t.store.db, 'PORT-PAR-1-1-1', { value: 97, from: at(2).toISOString(), until: at(3).toISOString() });
    const healthy = (id: string, h: number) => baseline(id, 'port', at(h)).utilisationPct;

    expect(sim.read('PORT-PAR-1-1-2', at(0.5)).utilisationPct).toBe(healthy('PORT-PAR-1-1-2', 0.5));
    expect(sim.read('PORT-PAR-1-1-2', at(2)).utilisationPct).toBeCloseTo(healthy('PORT-PAR-1-1-2', 2) + 30, 1);

    expect(sim.read('PORT-PAR-1-1-1', at(1.9)).utilisationPct).toBe(healthy('PORT-PAR-1-1-1', 1.9));
    const hit = sim.read('PORT-PAR-1-1-1', at(2.5));
    expect(hit.utilisationPct).toBe(97);
    // A full link queues (latency) and drops (loss).
    expect(hit.latencyMs).toBeGreaterThan(8);
    expect(hit.packetLossPct).toBeCloseTo(2.1, 1);
    expect(sim.read('PORT-PAR-1-1-1', at(3)).utilisationPct).toBe(healthy('PORT-PAR-1-1-1', 3));
  });

  it('sheds load from the time a traffic control takes effect', () => {
    const sim = createPerformanceSimulator(t.store.db);
    injectCrossing(t.store.db, 'CARD-PAR-1-1', { value: 90, from: at(0).toISOString() });
    run(
      `INSERT INTO performance_controls (id, resource_id, kind, shed_pct, target_resource_id, reason, period_start,
           period_end, effective_from, applied_at) VALUES ('PCT-X', 'CARD-PAR-1-1', 'reroute', 40, 'CARD-PAR-1-2', 'test', ?, ?, ?, ?)`,
      at(0).toISOString(),
      at(1).toISOString(),
      at(1).toISOString(),
      at(1).toISOString(),
    );
    expect(sim.read('CARD-PAR-1-1', at(0.5)).utilisationPct).toBe(90);
    expect(sim.read('CARD-PAR-1-1', at(1.5)).utilisationPct).toBe(54);
  });
});
