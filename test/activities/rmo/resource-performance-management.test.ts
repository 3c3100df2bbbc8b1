import { beforeEach, describe, expect, it } from 'vitest';
import { createResourcePerformanceManagementActivities } from '../../../activities/rmo/resource-performance-management';
import { leastSquares } from '../../../activities/rmo/resource-performance-management/analyze-resource-performance';
import { sampleTimes } from '../../../activities/rmo/resource-performance-management/period';
import { DEMO_ASSURANCE_TIMINGS } from '../../../src/domain/assurance/timings';
import { baseline, createPerformanceSimulator, injectCrossing, injectTrend } from '../../../src/simulators/performance';
import { useTestStore } from '../../support/store';

const NOW = '2026-06-06T09:00:00.000Z';
const START = '2026-06-05T00:00:00.000Z';
const END = '2026-06-05T01:00:00.000Z';
const PERIOD = { periodStart: START, periodEnd: END };
const PAR_WATCHED = [
  'CARD-PAR-1-1',
  'CARD-PAR-1-2',
  'CARD-PAR-2-1',
  'CARD-PAR-2-2',
  'CPE-PAR-1',
  'CPE-PAR-2',
  'CPE-PAR-3',
  'NODE-PAR-1',
  'NODE-PAR-2',
  'PORT-PAR-1-1-1',
  'PORT-PAR-1-1-2',
  'PORT-PAR-1-2-1',
  'VPORT-PAR-1-1',
];

const t = useTestStore(NOW, { installedBase: true });
const { rows, count } = t;
let rpm: ReturnType<typeof createResourcePerformanceManagementActivities>;
beforeEach(() => {
  rpm = createResourcePerformanceManagementActivities(t.store.ports);
});
const monitor = (key = 'k-monitor', over: Record<string, unknown> = {}) =>
  rpm.monitorResourcePerformance(
    { region: 'PAR', ...PERIOD, timings: DEMO_ASSURANCE_TIMINGS, ...over },
    { idempotencyKey: key },
  );
const analyze = (over: Record<string, unknown> = {}) =>
  rpm.analyzeResourcePerformance({ region: 'PAR', ...PERIOD, ...over }, { idempotencyKey: 'k-analyze' });
const halfway = '2026-06-05T00:30:00.000Z';

describe('performance arithmetic', () => {
  it('spaces readings evenly from the period start and fits a least-squares line', () => {
    expect(sampleTimes(START, END, 4)).toEqual([
      '2026-06-05T00:00:00.000Z',
      '2026-06-05T00:15:00.000Z',
      '2026-06-05T00:30:00.000Z',
      '2026-06-05T00:45:00.000Z',
    ]);
    const fit = leastSquares([
      { x: 0, y: 1 },
      { x: 1, y: 3 },
      { x: 2, y: 5 },
    ]);
    expect(fit.slope).toBeCloseTo(2);
    expect(fit.intercept).toBeCloseTo(1);
  });
});

describe('1.A.3.4.1 monitorResourcePerformance', () => {
  it("stores the period's readings of the region's watched elements and finds nothing wrong on a healthy network", async () => {
    const out = await monitor();
    expect(out.monitored).toBe(PAR_WATCHED.length);
    expect(out.samples).toBe(PAR_WATCHED.length * 24);
    expect(out.crossings).toBe(0);
    expect(out.troubles).toEqual([]);
    expect(
      rows('SELECT DISTINCT resource_id FROM performance_samples ORDER BY resource_id').map((r) => r['resource_id']),
    ).toEqual(PAR_WATCHED);
    // The readings are the simulated counters, as read.
    const first = rows("SELECT * FROM performance_samples WHERE resource_id = 'NODE-PAR-1' ORDER BY at LIMIT 1")[0];
    expect(first?.['utilisation_pct']).toBe(baseline('NODE-PAR-1', 'node', new Date(START)).utilisationPct);
    expect(count('SELECT COUNT(*) FROM performance_crossings')).toBe(0);
    // The request comes back with its defaults, ready for the workflow.
    expect(out.request).toMatchObject({ samplesPerPeriod: 24, trendWindow: 12, periods: 1 });
  });

  it('records the crossings of an element over its thresholds and names the resource trouble to open', async () => {
    injectCrossing(t.store.db, 'PORT-PAR-1-1-1', { value: 97, from: halfway });
    const out = await monitor();
    expect(out.troubles).toEqual([
      {
        troubleId: 'RT-PERF-PORT-PAR-1-1-1-20260605T0000',
        resourceId: 'PORT-PAR-1-1-1',
        description: expect.stringContaining('utilisationPct 97 > 85 (12 readings)'),
      },
    ]);
    expect(
      rows(
        "SELECT kpi, samples, first_at, trouble_id, correlated_to FROM performance_crossings WHERE kpi = 'utilisationPct'",
      ),
    ).toEqual([
      {
        kpi: 'utilisationPct',
        samples: 12,
        first_at: halfway,
        trouble_id: 'RT-PERF-PORT-PAR-1-1-1-20260605T0000',
        correlated_to: null,
      },
    ]);
    // A full port also queues and drops: every KPI it crossed is on record.
    expect(rows('SELECT kpi FROM performance_crossings ORDER BY kpi').map((r) => r['kpi'])).toEqual([
      'latencyMs',
      'packetLossPct',
      'utilisationPct',
    ]);
  });

  it('folds the crossing of a port into the trouble of its card when the card crossed too', async () => {
    injectCrossing(t.store.db, 'CARD-PAR-1-1', { value: 95, from: START });
    injectCrossing(t.store.db, 'PORT-PAR-1-1-2', { kpi: 'errorsPerMin', value: 400, from: START });
    const out = await monitor();
    expect(out.troubles.map((t) => t.resourceId)).toEqual(['CARD-PAR-1-1']);
    expect(out.troubles[0]?.description).toContain('also explains PORT-PAR-1-1-2');
    expect(
      rows("SELECT trouble_id, correlated_to FROM performance_crossings WHERE resource_id = 'PORT-PAR-1-1-2'"),
    ).toEqual([{ trouble_id: 'RT-PERF-CARD-PAR-1-1-20260605T0000', correlated_to: 'CARD-PAR-1-1' }]);
  });

  it('writes nothing twice when retried, and refuses a scope with nothing to watch', async () => {
    injectCrossing(t.store.db, 'PORT-PAR-1-1-1', { value: 97, from: halfway });
    await monitor('k-same');
    const again = await monitor('k-same');
    expect(again.troubles).toHaveLength(1);
    expect(count('SELECT COUNT(*) FROM performance_samples')).toBe(PAR_WATCHED.length * 24);
    expect(count('SELECT COUNT(*) FROM performance_crossings')).toBe(3);
    await expect(monitor('k-none', { region: 'NOWHERE' })).rejects.toMatchObject({ type: 'NotFound' });
    await expect(monitor('k-bad', { region: undefined })).rejects.toMatchObject({ type: 'InvalidInput' });
  });
});

describe('1.A.3.4.2 analyzeResourcePerformance', () => {
  it('raises an early warning on a KPI trending to its threshold before any reading crosses it', async () => {
    injectTrend(t.store.db, 'PORT-PAR-1-1-2', { perHour: 30, from: START });
    await monitor();
    const out = await analyze();
    expect(count('SELECT COUNT(*) FROM performance_crossings')).toBe(0);
    expect(out.warnings).toEqual([
      {
        warningId: expect.stringMatching(/^PEW-/),
        resourceId: 'PORT-PAR-1-1-2',
        kpi: 'utilisationPct',
        predictedCrossingAt: expect.any(String),
      },
    ]);
    const predicted = Date.parse(out.warnings[0]!.predictedCrossingAt);
    expect(predicted).toBeGreaterThan(Date.parse(END));
    expect(predicted).toBeLessThan(Date.parse(END) + 4 * 3_600_000);
    expect(out.degraded).toEqual([{ resourceId: 'PORT-PAR-1-1-2', kpis: ['utilisationPct'], reason: 'trend' }]);
    const [w] = rows('SELECT * FROM performance_warnings');
    expect(w).toMatchObject({ resource_id: 'PORT-PAR-1-1-2', kpi: 'utilisationPct', limit_value: 85 });
    expect(w?.['slope_per_hour']).toBeGreaterThan(25);
  });

  it('lists crossed elements as degraded without warning of what already crossed, and ignores trends too slow to matter', async () => {
    injectCrossing(t.store.db, 'PORT-PAR-1-1-1', { value: 97, from: halfway });
    injectTrend(t.store.db, 'CPE-PAR-1', { perHour: 2, from: START });
    await monitor();
    const out = await analyze();
    expect(out.warnings.filter((w) => w.resourceId === 'PORT-PAR-1-1-1' && w.kpi === 'utilisationPct')).toEqual([]);
    expect(out.warnings.some((w) => w.resourceId === 'CPE-PAR-1')).toBe(false);
    expect(out.degraded).toContainEqual({
      resourceId: 'PORT-PAR-1-1-1',
      kpis: ['latencyMs', 'packetLossPct', 'utilisationPct'],
      reason: 'crossing',
    });
  });
});

describe('1.A.3.4.3 controlResourcePerformance', () => {
  const control = (
    degraded: Array<{ resourceId: string; kpis: string[]; reason: 'crossing' | 'trend' }>,
    key = 'k-ctl',
  ) => rpm.controlResourcePerformance({ ...PERIOD, degraded } as never, { idempotencyKey: key });

  it('reroutes a card onto its healthy mate, polices a port, leaves a fault to trouble management', async () => {
    const out = await control([
      { resourceId: 'CARD-PAR-1-1', kpis: ['utilisationPct'], reason: 'crossing' },
      { resourceId: 'PORT-PAR-1-1-2', kpis: ['utilisationPct'], reason: 'trend' },
      { resourceId: 'CPE-PAR-1', kpis: ['errorsPerMin'], reason: 'crossing' },
    ]);
    expect(out.controls.map((c) => [c.resourceId, c.kind, c.shedPct])).toEqual([
      ['CARD-PAR-1-1', 'reroute', 40],
      ['PORT-PAR-1-1-2', 'rateLimit', 20],
    ]);
    expect(out.skipped).toEqual([{ resourceId: 'CPE-PAR-1', reason: expect.stringContaining('a fault') }]);
    expect(
      rows('SELECT resource_id, target_resource_id, effective_from FROM performance_controls ORDER BY resource_id'),
    ).toEqual([
      { resource_id: 'CARD-PAR-1-1', target_resource_id: 'CARD-PAR-1-2', effective_from: END },
      { resource_id: 'PORT-PAR-1-1-2', target_resource_id: null, effective_from: END },
    ]);
  });

  it('polices instead of rerouting when the mate is degraded too, and acts on the traffic after the period', async () => {
    injectCrossing(t.store.db, 'CARD-PAR-1-1', { value: 95, from: START });
    const sim = createPerformanceSimulator(t.store.db);
    const after = new Date(Date.parse(END) + 60_000);
    expect(sim.read('CARD-PAR-1-1', after).utilisationPct).toBe(95);
    const out = await control([
      { resourceId: 'CARD-PAR-1-1', kpis: ['utilisationPct'], reason: 'crossing' },
      { resourceId: 'CARD-PAR-1-2', kpis: ['latencyMs'], reason: 'trend' },
    ]);
    expect(out.controls.map((c) => c.kind)).toEqual(['rateLimit', 'rateLimit']);
    expect(sim.read('CARD-PAR-1-1', new Date(START)).utilisationPct).toBe(95);
    expect(sim.read('CARD-PAR-1-1', after).utilisationPct).toBe(76);
    // One control per element and period, however often asked.
    await control([{ resourceId: 'CARD-PAR-1-1', kpis: ['utilisationPct'], reason: 'crossing' }], 'k-ctl-2');
    expect(count("SELECT COUNT(*) FROM performance_controls WHERE resource_id = 'CARD-PAR-1-1'")).toBe(1);
  });
});

describe('1.A.3.4.4 reportResourcePerformance', () => {
  it("stores the period's report, worst element first, with crossings, trends and controls", async () => {
    injectCrossing(t.store.db, 'PORT-PAR-1-1-1', { value: 97, from: halfway });
    injectTrend(t.store.db, 'PORT-PAR-1-1-2', { perHour: 30, from: START });
    await monitor();
    const analysis = await analyze();
    await rpm.controlResourcePerformance({ ...PERIOD, degraded: analysis.degraded }, { idempotencyKey: 'k-ctl' });
    const out = await rpm.reportResourcePerformance({ region: 'PAR', ...PERIOD }, { idempotencyKey: 'k-report' });

    expect(out.entries).toHaveLength(PAR_WATCHED.length);
    expect(out.entries[0]).toEqual({
      resourceId: 'PORT-PAR-1-1-1',
      region: 'PAR',
      availabilityBp: 5000,
      thresholdCrossings: 3,
      degrading: false,
    });
    expect(out.entries[1]).toEqual({
      resourceId: 'PORT-PAR-1-1-2',
      region: 'PAR',
      availabilityBp: 10_000,
      thresholdCrossings: 0,
      degrading: true,
    });
    expect(out.entries.slice(2).every((e) => e.availabilityBp === 10_000 && !e.degrading)).toBe(true);
    expect(out).toMatchObject({ crossings: 3, warnings: 1, controls: 2 });
    const stored = await t.store.ports.resourcePerformance.getReport(out.reportId);
    expect(stored).toMatchObject({ periodStart: START, periodEnd: END, scope: { region: 'PAR', resourceIds: [] } });
    expect(stored?.entries).toEqual(out.entries);
  });
});
