import { describe, expect, it } from 'vitest';
import type { ResourcePerformancePort, ThresholdCrossing } from '../../src/ports/resource-performance';
import { baseline } from '../../src/simulators/performance';
import { type Fixture, type StoreHarness, withFixtures } from './table-rows';

/**
 * The resource performance port's contract (Resource Performance Management, 1.A.3.4), for every
 * adapter (docs/ADAPTERS.md): the elements watched, readings collected from the network and kept
 * once, the thresholds, and the crossings, early warnings, traffic controls and reports recorded
 * once per key and once per element and period whatever the key. The harness builds an empty
 * store whose clock reads `NOW`, and whose collector reads a healthy network: each element's
 * `baseline` (the SQLite store's simulator with nothing injected; on PostgreSQL the same
 * readings, given to the adapter as its PM system).
 */

export const NOW = '2026-03-02T09:00:00.000Z';

export type ResourcePerformanceHarness = StoreHarness<ResourcePerformancePort>;

/** Named as a caller may name it (no milliseconds): the findings give it back as given. */
const PERIOD = { periodStart: '2026-03-02T06:00:00Z', periodEnd: '2026-03-02T09:00:00Z' };
const NEXT = { periodStart: '2026-03-02T09:00:00Z', periodEnd: '2026-03-02T12:00:00Z' };
/** An instant as the activities give one (toISOString): a store may keep instants as instants. */
const at = (hour: number) => `2026-03-02T${String(hour).padStart(2, '0')}:00:00.000Z`;

const resource = (id: string, type: string, state: string, over: Record<string, unknown> = {}) => ({
  id,
  spec_id: `RS-${type.toUpperCase()}`,
  resource_type: type,
  name: id,
  region: 'PAR',
  state,
  updated_at: NOW,
  ...over,
});

/** Paris: a node and two mated cards (infrastructure), a port in service and one idle, a retired CPE, a VLAN; a Lyon node. */
const FIXTURES: Fixture[] = [
  ...['node', 'card', 'port', 'cpe', 'vlan'].map((t): Fixture => [
    'resource_specs',
    { id: `RS-${t.toUpperCase()}`, name: t, resource_type: t },
  ]),
  ['resources', resource('NODE-PAR-1', 'node', 'available')],
  ['resources', resource('CARD-PAR-1', 'card', 'available', { parent_id: 'NODE-PAR-1' })],
  ['resources', resource('CARD-PAR-2', 'card', 'available', { parent_id: 'NODE-PAR-1', redundant_with: 'CARD-PAR-1' })],
  ['resources', resource('PORT-PAR-1', 'port', 'inService', { parent_id: 'CARD-PAR-1', service_id: 'SVC-1' })],
  ['resources', resource('PORT-PAR-2', 'port', 'available', { parent_id: 'CARD-PAR-1' })],
  ['resources', resource('CPE-PAR-1', 'cpe', 'retired')],
  ['resources', resource('VLAN-PAR-1', 'vlan', 'inService', { service_id: 'SVC-1' })],
  ['resources', resource('NODE-LYO-1', 'node', 'available', { region: 'LYO' })],
];

const crossing = (
  resourceId: string,
  kpi: ThresholdCrossing['kpi'],
  worstValue: number,
  period = PERIOD,
): Omit<ThresholdCrossing, 'id'> => ({
  resourceId,
  kpi,
  worstValue,
  limit: 85,
  firstAt: at(7),
  samples: 2,
  ...period,
  troubleId: `RT-PERF-${resourceId}`,
  correlatedTo: null,
});

const warning = (resourceId: string, slopePerHour: number) => ({
  resourceId,
  kpi: 'latencyMs' as const,
  slopePerHour,
  lastValue: 6,
  limit: 8,
  predictedCrossingAt: at(10),
  ...PERIOD,
});

const control = (resourceId: string, over: Record<string, unknown> = {}) => ({
  resourceId,
  kind: 'reroute' as const,
  shedPct: 30,
  targetResourceId: 'CARD-PAR-2',
  reason: 'utilisationPct over threshold: part of the traffic rerouted onto CARD-PAR-2',
  ...PERIOD,
  effectiveFrom: at(9),
  ...over,
});

export function resourcePerformanceContract(adapter: string, make: () => Promise<ResourcePerformanceHarness>): void {
  const withStore = withFixtures(make, FIXTURES);

  describe(`resource performance port on ${adapter}`, () => {
    it(
      "monitoredResources: a region's infrastructure and its access elements in service, or exactly the measurable elements named",
      withStore(async (h) => {
        const par = await h.port.monitoredResources({ region: 'PAR' });
        expect(par.map((r) => r.id)).toEqual(['CARD-PAR-1', 'CARD-PAR-2', 'NODE-PAR-1', 'PORT-PAR-1']);
        expect(par[1]).toEqual({
          id: 'CARD-PAR-2',
          resourceType: 'card',
          region: 'PAR',
          parentId: 'NODE-PAR-1',
          redundantWith: 'CARD-PAR-1',
          serviceId: null,
        });
        expect((await h.port.monitoredResources({})).map((r) => r.id)).toContain('NODE-LYO-1');
        const named = await h.port.monitoredResources({
          resourceIds: ['VLAN-PAR-1', 'PORT-PAR-2', 'NODE-LYO-1', 'CPE-PAR-1', 'NOPE'],
        });
        // Named elements are read whatever their state; a VLAN has no counters.
        expect(named.map((r) => r.id)).toEqual(['CPE-PAR-1', 'NODE-LYO-1', 'PORT-PAR-2']);
      }),
    );

    it(
      "collect: each element's reading at each time, kept once per key and once per element and time whatever the key",
      withStore(async (h) => {
        const times = [at(6), at(7), at(8)];
        expect(await h.port.collect('c/1', ['NODE-PAR-1', 'PORT-PAR-1'], times)).toBe(6);
        expect(await h.port.collect('c/1', ['NODE-PAR-1', 'PORT-PAR-1'], times)).toBe(6);
        expect(await h.count('performance_samples')).toBe(6);
        // Another collection over the same times adds only the reading not yet kept.
        expect(await h.port.collect('c/2', ['NODE-PAR-1'], [at(8), at(9)])).toBe(1);
        expect(await h.count('performance_samples')).toBe(7);

        const kept = await h.port.samples('NODE-PAR-1', at(7), at(9));
        expect(kept).toEqual([7, 8].map((hour) => baseline('NODE-PAR-1', 'node', new Date(at(hour)))));
        // The same instants named without milliseconds, as a request may name its period: [from, to) still.
        expect(await h.port.samples('NODE-PAR-1', '2026-03-02T07:00:00Z', '2026-03-02T09:00:00Z')).toEqual(kept);
        expect((await h.port.samples('PORT-PAR-1', at(6), at(12))).map((s) => s.at)).toEqual(times);
        expect(await h.port.samples('CARD-PAR-1', at(6), at(12))).toEqual([]);
      }),
    );

    it(
      'thresholds: the default limit of each KPI for each kind of element, by kind then KPI',
      withStore(async (h) => {
        const limits = await h.port.thresholds();
        expect(limits).toHaveLength(20);
        expect(limits[0]).toEqual({ resourceType: 'access-circuit', kpi: 'errorsPerMin', limit: 50 });
        expect(limits).toContainEqual({ resourceType: 'card', kpi: 'latencyMs', limit: 4 });
        expect(limits.filter((t) => t.kpi === 'utilisationPct').every((t) => t.limit === 85)).toBe(true);
      }),
    );

    it(
      'recordCrossings: one per element, KPI and period — a retry returns the same, another key keeps the first finding',
      withStore(async (h) => {
        const found = [
          crossing('NODE-PAR-1', 'utilisationPct', 91.5),
          {
            ...crossing('PORT-PAR-1', 'latencyMs', 12.25),
            troubleId: 'RT-PERF-NODE-PAR-1',
            correlatedTo: 'NODE-PAR-1',
          },
        ];
        const first = await h.port.recordCrossings('x/1', found);
        expect(first).toEqual([
          { id: expect.stringMatching(/^PXC-\d{6}$/), ...crossing('NODE-PAR-1', 'utilisationPct', 91.5) },
          {
            id: expect.stringMatching(/^PXC-\d{6}$/),
            ...crossing('PORT-PAR-1', 'latencyMs', 12.25),
            troubleId: 'RT-PERF-NODE-PAR-1',
            correlatedTo: 'NODE-PAR-1',
          },
        ]);
        expect(await h.port.recordCrossings('x/1', found)).toEqual(first);

        const again = await h.port.recordCrossings('x/2', [
          crossing('NODE-PAR-1', 'utilisationPct', 99),
          crossing('CARD-PAR-1', 'utilisationPct', 88),
          crossing('NODE-PAR-1', 'utilisationPct', 95, NEXT),
        ]);
        expect(again.map((c) => [c.resourceId, c.worstValue, c.periodStart])).toEqual([
          ['CARD-PAR-1', 88, PERIOD.periodStart],
          ['NODE-PAR-1', 91.5, PERIOD.periodStart],
          ['NODE-PAR-1', 95, NEXT.periodStart],
        ]);
        expect(await h.count('performance_crossings')).toBe(4);
        expect((await h.port.crossings(PERIOD)).map((c) => `${c.resourceId}/${c.kpi}`)).toEqual([
          'CARD-PAR-1/utilisationPct',
          'NODE-PAR-1/utilisationPct',
          'PORT-PAR-1/latencyMs',
        ]);
        expect(await h.port.crossings(PERIOD, 'PORT-PAR-1')).toEqual([first[1]]);
        expect(await h.port.crossings({ periodStart: PERIOD.periodStart, periodEnd: NEXT.periodEnd })).toEqual([]);
      }),
    );

    it(
      'recordWarnings: one per element, KPI and period — a retry returns the same, another key keeps the first warning',
      withStore(async (h) => {
        const first = await h.port.recordWarnings('w/1', [warning('PORT-PAR-1', 0.75)]);
        expect(first).toEqual([{ id: expect.stringMatching(/^PEW-\d{6}$/), ...warning('PORT-PAR-1', 0.75) }]);
        expect(await h.port.recordWarnings('w/1', [warning('PORT-PAR-1', 0.75)])).toEqual(first);
        const again = await h.port.recordWarnings('w/2', [warning('PORT-PAR-1', 2), warning('CARD-PAR-1', 0.5)]);
        expect(again.map((w) => [w.resourceId, w.slopePerHour])).toEqual([
          ['PORT-PAR-1', 0.75],
          ['CARD-PAR-1', 0.5],
        ]);
        expect(await h.count('performance_warnings')).toBe(2);
        expect((await h.port.warnings(PERIOD)).map((w) => w.resourceId)).toEqual(['CARD-PAR-1', 'PORT-PAR-1']);
        expect(await h.port.warnings(PERIOD, 'PORT-PAR-1')).toEqual(first);
        expect(await h.port.warnings(NEXT)).toEqual([]);
      }),
    );

    it(
      'applyControl: one control per element and period, applied now — a retry or another key gets the control in place',
      withStore(async (h) => {
        const put = await h.port.applyControl('t/1', control('CARD-PAR-1'));
        expect(put).toEqual({ id: expect.stringMatching(/^PCT-\d{6}$/), ...control('CARD-PAR-1'), appliedAt: NOW });
        expect(await h.port.applyControl('t/1', control('CARD-PAR-1'))).toEqual(put);
        const policed = { kind: 'rateLimit', shedPct: 20, targetResourceId: null, reason: 'traffic policed' };
        expect(await h.port.applyControl('t/2', control('CARD-PAR-1', policed))).toEqual(put);
        const next = await h.port.applyControl(
          't/3',
          control('CARD-PAR-1', { ...policed, ...NEXT, effectiveFrom: at(12) }),
        );
        expect(next).toMatchObject({ kind: 'rateLimit', ...NEXT });
        expect(next.id).not.toBe(put.id);
        expect(await h.port.controls('CARD-PAR-1')).toEqual([put, next]);
        expect(await h.port.controls('CARD-PAR-2')).toEqual([]);
        expect(await h.count('performance_controls')).toBe(2);
      }),
    );

    it(
      "recordReport: the period's report kept once per key and read back whole; an unknown report is undefined",
      withStore(async (h) => {
        const report = {
          scope: { region: 'PAR', resourceIds: ['CARD-PAR-1', 'NODE-PAR-1'] },
          ...PERIOD,
          entries: [
            { resourceId: 'NODE-PAR-1', region: 'PAR', availabilityBp: 8750, thresholdCrossings: 1, degrading: false },
            { resourceId: 'CARD-PAR-1', region: 'PAR', availabilityBp: 10000, thresholdCrossings: 0, degrading: true },
          ],
          crossings: 1,
          warnings: 1,
          controls: 0,
        };
        const kept = await h.port.recordReport('r/1', report);
        expect(kept).toEqual({ id: expect.stringMatching(/^RPR-\d{6}$/), ...report, createdAt: NOW });
        expect(await h.port.recordReport('r/1', { ...report, crossings: 5 })).toEqual(kept);
        expect(await h.count('performance_reports')).toBe(1);
        expect(await h.port.getReport(kept.id)).toEqual(kept);
        expect(await h.port.getReport('RPR-999999')).toBeUndefined();
      }),
    );
  });
}
