import { z } from 'zod';
import { defineProcess, type ProcessCall } from '../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../src/contracts/errors';
import { ResourcePerformanceEntry } from '../../src/domain/assurance/messages';
import { AssuranceTimings } from '../../src/domain/assurance/timings';
import type { Ports } from '../../src/ports';
import type { KpiSample, MonitoredResource, Threshold, ThresholdCrossing } from '../../src/ports/resource-performance';
import { KPIS, type Kpi } from '../../src/simulators/performance';

/**
 * Resource Performance Management (1.A.3.4): watch the elements' performance against
 * thresholds, catch a degradation early from its trend, put traffic controls on what
 * degrades, and report the period to Service Quality Management.
 */

const Id = z.string().min(1);
const Instant = z.iso.datetime();
const KpiName = z.enum(KPIS);

const Scope = {
  /** Every watched element of the region… */
  region: Id.optional(),
  /** …or exactly these elements. */
  resourceIds: z.array(Id).max(200).optional(),
};
const hasScope = (s: { region?: string; resourceIds?: string[] }) => !!s.region || !!s.resourceIds?.length;
const Period = { periodStart: Instant, periodEnd: Instant };
const isPeriod = (p: { periodStart: string; periodEnd: string }) => Date.parse(p.periodStart) < Date.parse(p.periodEnd);

/** Input of RM&O `resourcePerformance` (1.A.3.4): one region (or set of elements), one period. */
export const ResourcePerformanceRequest = z
  .object({
    ...Scope,
    ...Period,
    /** Readings collected over the period, evenly spaced from its start. */
    samplesPerPeriod: z.number().int().min(4).max(288).default(24),
    /** How many recent readings the trend is fitted on (1.A.3.4.2). */
    trendWindow: z.number().int().min(3).max(288).default(12),
    /** How far ahead a predicted crossing raises an early warning. */
    warningHorizonMinutes: z.number().int().positive().default(240),
    /** Periods to run, this one included, each after the previous (null: until stopped). */
    periods: z.number().int().positive().nullable().default(1),
    timings: AssuranceTimings,
  })
  .refine(hasScope, 'a region or resource ids')
  .refine(isPeriod, 'the period must end after it starts');
export type ResourcePerformanceRequest = z.output<typeof ResourcePerformanceRequest>;
export type ResourcePerformanceRequestInput = z.input<typeof ResourcePerformanceRequest>;

/** What the workflow asks Resource Trouble Management to open (origin `performance`). */
const TroubleToRaise = z.object({ troubleId: Id, resourceId: Id, description: z.string().min(1) });

export const MonitorOutput = z.object({
  request: ResourcePerformanceRequest,
  monitored: z.number().int().nonnegative(),
  samples: z.number().int().nonnegative(),
  crossings: z.number().int().nonnegative(),
  troubles: z.array(TroubleToRaise).max(100),
});

const Degraded = z.object({ resourceId: Id, kpis: z.array(KpiName), reason: z.enum(['crossing', 'trend']) });
export type Degraded = z.infer<typeof Degraded>;

export const AnalyzeInput = z
  .object({
    ...Scope,
    ...Period,
    trendWindow: z.number().int().min(3).max(288).default(12),
    warningHorizonMinutes: z.number().int().positive().default(240),
  })
  .refine(hasScope, 'a region or resource ids');
export const AnalyzeOutput = z.object({
  warnings: z.array(z.object({ warningId: Id, resourceId: Id, kpi: KpiName, predictedCrossingAt: Instant })).max(200),
  degraded: z.array(Degraded).max(200),
});

export const ControlInput = z.object({ ...Period, degraded: z.array(Degraded).max(200) });
export const ControlOutput = z.object({
  controls: z
    .array(z.object({ controlId: Id, resourceId: Id, kind: z.enum(['reroute', 'rateLimit']), shedPct: z.number() }))
    .max(200),
  skipped: z.array(z.object({ resourceId: Id, reason: z.string() })).max(200),
});

export const ReportInput = z.object({ ...Scope, ...Period }).refine(hasScope, 'a region or resource ids');
export const ReportOutput = z.object({
  reportId: Id,
  entries: z.array(ResourcePerformanceEntry).max(500),
  crossings: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  controls: z.number().int().nonnegative(),
});

/** Load-driven KPIs: shedding traffic brings them down; errors come from faults, not load. */
const LOAD_KPIS: readonly Kpi[] = ['utilisationPct', 'latencyMs', 'packetLossPct'];
/** Share of an element's load a control sheds: onto its redundant mate, or policed at the edge. */
const REROUTE_SHED_PCT = 40;
const RATE_LIMIT_SHED_PCT = 20;
const HOUR = 3_600_000;

/**
 * A periodic run continues as new with the same workflow id, and its activity ids start again:
 * the period joins the key so one period's writes are never taken for another's.
 */
const runKey = (call: ProcessCall, periodStart: string) => `${call.idempotencyKey}@${periodStart}`;

/** 2026-06-05T00:00:00.000Z → 20260605T0000: the period in ids. */
export const periodKey = (periodStart: string) => periodStart.replace(/[-:]/g, '').slice(0, 13);

/** Evenly spaced reading times over the period, from its start. */
export function sampleTimes(periodStart: string, periodEnd: string, count: number): string[] {
  const start = Date.parse(periodStart);
  const step = (Date.parse(periodEnd) - start) / count;
  return Array.from({ length: count }, (_, i) => new Date(start + Math.round(i * step)).toISOString());
}

/** Least-squares line through (x, y): slope and intercept. */
export function leastSquares(points: ReadonlyArray<{ x: number; y: number }>): { slope: number; intercept: number } {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

const limitOf = (thresholds: Threshold[], resourceType: string, kpi: Kpi) =>
  thresholds.find((t) => t.resourceType === resourceType && t.kpi === kpi)?.limit;

const withinThresholds = (s: KpiSample, thresholds: Threshold[], resourceType: string) =>
  KPIS.every((kpi) => {
    const limit = limitOf(thresholds, resourceType, kpi);
    return limit === undefined || s[kpi] <= limit;
  });

export function createResourcePerformanceManagementActivities(ports: Pick<Ports, 'resourcePerformance'>) {
  const { resourcePerformance: perf } = ports;

  const watched = async (scope: { region?: string; resourceIds?: string[] }) => {
    const resources = await perf.monitoredResources(scope);
    if (resources.length === 0) {
      return reject(
        BusinessErrorType.NotFound,
        `no element to watch in ${scope.region ?? scope.resourceIds?.join(', ')}`,
      );
    }
    return resources;
  };

  /**
   * 1.A.3.4.1 — collect the period's readings and examine them against the thresholds; every
   * element over a threshold gets a resource trouble report, except one whose parent element
   * crossed too: its trouble is the parent's (one failing card, not eight failing ports).
   */
  const monitorResourcePerformance = defineProcess(
    { etomId: '1.A.3.4.1', input: ResourcePerformanceRequest, output: MonitorOutput },
    async (request, call) => {
      const { periodStart, periodEnd } = request;
      const resources = await watched(request);
      const ids = resources.map((r) => r.id);
      const stored = await perf.collect(
        `${runKey(call, periodStart)}/collect`,
        ids,
        sampleTimes(periodStart, periodEnd, request.samplesPerPeriod),
      );
      const thresholds = await perf.thresholds();

      const found: Array<Omit<ThresholdCrossing, 'id' | 'troubleId' | 'correlatedTo'>> = [];
      for (const r of resources) {
        const samples = await perf.samples(r.id, periodStart, periodEnd);
        for (const kpi of KPIS) {
          const limit = limitOf(thresholds, r.resourceType, kpi);
          if (limit === undefined) continue;
          const over = samples.filter((s) => s[kpi] > limit);
          if (over.length === 0) continue;
          found.push({
            resourceId: r.id,
            kpi,
            worstValue: Math.max(...over.map((s) => s[kpi])),
            limit,
            firstAt: over[0]!.at,
            samples: over.length,
            periodStart,
            periodEnd,
          });
        }
      }

      const crossed = new Set(found.map((c) => c.resourceId));
      const byId = new Map(resources.map((r) => [r.id, r]));
      const rootOf = (r: MonitoredResource): string => {
        let root = r.id;
        for (let p = r.parentId; p; p = byId.get(p)?.parentId ?? null) if (crossed.has(p)) root = p;
        return root;
      };
      const troubleIdOf = (resourceId: string) => `RT-PERF-${resourceId}-${periodKey(periodStart)}`;
      await perf.recordCrossings(
        `${runKey(call, periodStart)}/crossings`,
        found.map((c) => {
          const root = rootOf(byId.get(c.resourceId)!);
          return { ...c, troubleId: troubleIdOf(root), correlatedTo: root === c.resourceId ? null : root };
        }),
      );

      const roots = [...crossed].filter((id) => rootOf(byId.get(id)!) === id);
      const troubles = roots.slice(0, 100).map((resourceId) => {
        const own = found.filter((c) => c.resourceId === resourceId);
        const folded = [...crossed].filter((id) => id !== resourceId && rootOf(byId.get(id)!) === resourceId);
        return {
          troubleId: troubleIdOf(resourceId),
          resourceId,
          description:
            `performance threshold crossed on ${resourceId} between ${periodStart} and ${periodEnd}: ` +
            own.map((c) => `${c.kpi} ${c.worstValue} > ${c.limit} (${c.samples} readings)`).join(', ') +
            (folded.length ? `; also explains ${folded.join(', ')}` : ''),
        };
      });
      return { request, monitored: resources.length, samples: stored, crossings: found.length, troubles };
    },
  );

  /**
   * 1.A.3.4.2 — fit a line to each KPI's recent readings: a KPI still within its threshold but
   * rising fast enough to reach it within the horizon is a degradation caught before it hurts,
   * recorded as an early warning. With the period's crossings, these are the degraded elements.
   */
  const analyzeResourcePerformance = defineProcess(
    { etomId: '1.A.3.4.2', input: AnalyzeInput, output: AnalyzeOutput },
    async (input, call) => {
      const { periodStart, periodEnd } = input;
      const resources = await watched(input);
      const thresholds = await perf.thresholds();
      const crossings = await perf.crossings({ periodStart, periodEnd });
      const horizonMs = input.warningHorizonMinutes * 60_000;
      // The trend may reach back into the previous period: degradation does not stop at a boundary.
      const lookBack = new Date(2 * Date.parse(periodStart) - Date.parse(periodEnd)).toISOString();

      const warnings = [];
      for (const r of resources) {
        const recent = (await perf.samples(r.id, lookBack, periodEnd)).slice(-input.trendWindow);
        if (recent.length < 3) continue;
        const lastAt = Date.parse(recent[recent.length - 1]!.at);
        for (const kpi of KPIS) {
          const limit = limitOf(thresholds, r.resourceType, kpi);
          if (limit === undefined) continue;
          if (crossings.some((c) => c.resourceId === r.id && c.kpi === kpi)) continue;
          const { slope, intercept } = leastSquares(
            recent.map((s) => ({ x: (Date.parse(s.at) - lastAt) / HOUR, y: s[kpi] })),
          );
          if (slope <= 0) continue;
          // Where the line says the KPI is now, and when it reaches the threshold (now, if the
          // line is past it while no reading has crossed yet).
          const toLimitMs = Math.max(0, ((limit - intercept) / slope) * HOUR);
          if (toLimitMs > horizonMs) continue;
          warnings.push({
            resourceId: r.id,
            kpi,
            slopePerHour: Math.round(slope * 100) / 100,
            lastValue: recent[recent.length - 1]![kpi],
            limit,
            predictedCrossingAt: new Date(lastAt + toLimitMs).toISOString(),
            periodStart,
            periodEnd,
          });
        }
      }
      const recorded = await perf.recordWarnings(`${runKey(call, periodStart)}/warnings`, warnings);

      const degraded = new Map<string, { resourceId: string; kpis: Kpi[]; reason: 'crossing' | 'trend' }>();
      const inScope = new Set(resources.map((r) => r.id));
      for (const c of crossings.filter((x) => inScope.has(x.resourceId))) {
        const d = degraded.get(c.resourceId) ?? { resourceId: c.resourceId, kpis: [], reason: 'crossing' as const };
        d.kpis.push(c.kpi);
        degraded.set(c.resourceId, d);
      }
      for (const w of recorded) {
        const d = degraded.get(w.resourceId) ?? { resourceId: w.resourceId, kpis: [], reason: 'trend' as const };
        if (!d.kpis.includes(w.kpi)) d.kpis.push(w.kpi);
        degraded.set(w.resourceId, d);
      }
      return {
        warnings: recorded.slice(0, 200).map((w) => ({
          warningId: w.id,
          resourceId: w.resourceId,
          kpi: w.kpi,
          predictedCrossingAt: w.predictedCrossingAt,
        })),
        degraded: [...degraded.values()].slice(0, 200),
      };
    },
  );

  /**
   * 1.A.3.4.3 — condition the traffic of a degraded element: reroute part of it onto the
   * redundant mate when there is a healthy one, otherwise police it (rate-limit). A control
   * acts on the traffic to come: from the end of the period analysed. An element degraded
   * only by errors has a fault, not a load: that is Resource Trouble Management's.
   */
  const controlResourcePerformance = defineProcess(
    { etomId: '1.A.3.4.3', input: ControlInput, output: ControlOutput },
    async (input, call) => {
      const { periodStart, periodEnd } = input;
      const degradedIds = new Set(input.degraded.map((d) => d.resourceId));
      const controls = [];
      const skipped = [];
      for (const d of input.degraded) {
        const loadKpis = d.kpis.filter((k) => LOAD_KPIS.includes(k));
        if (loadKpis.length === 0) {
          skipped.push({ resourceId: d.resourceId, reason: `${d.kpis.join(', ')}: a fault, not a load to shed` });
          continue;
        }
        const [element] = await perf.monitoredResources({ resourceIds: [d.resourceId] });
        if (!element) {
          skipped.push({ resourceId: d.resourceId, reason: 'not a measurable element' });
          continue;
        }
        const mate = element.redundantWith && !degradedIds.has(element.redundantWith) ? element.redundantWith : null;
        const what = `${loadKpis.join(', ')} ${d.reason === 'trend' ? 'trending to' : 'over'} threshold`;
        const control = await perf.applyControl(`${runKey(call, periodStart)}/${d.resourceId}`, {
          resourceId: d.resourceId,
          kind: mate ? 'reroute' : 'rateLimit',
          shedPct: mate ? REROUTE_SHED_PCT : RATE_LIMIT_SHED_PCT,
          targetResourceId: mate,
          reason: mate ? `${what}: part of the traffic rerouted onto ${mate}` : `${what}: traffic policed`,
          periodStart,
          periodEnd,
          effectiveFrom: periodEnd,
        });
        controls.push({
          controlId: control.id,
          resourceId: control.resourceId,
          kind: control.kind,
          shedPct: control.shedPct,
        });
      }
      return { controls, skipped };
    },
  );

  /**
   * 1.A.3.4.4 — the period's report: per element, the share of readings within every
   * threshold, its crossings and whether it degrades; stored, and returned worst first for
   * Service Quality Management (bounded).
   */
  const reportResourcePerformance = defineProcess(
    { etomId: '1.A.3.4.4', input: ReportInput, output: ReportOutput },
    async (input, call) => {
      const { periodStart, periodEnd } = input;
      const period = { periodStart, periodEnd };
      const resources = await watched(input);
      const thresholds = await perf.thresholds();
      const crossings = await perf.crossings(period);
      const warnings = await perf.warnings(period);
      const entries = [];
      let controls = 0;
      for (const r of resources) {
        const samples = await perf.samples(r.id, periodStart, periodEnd);
        const within = samples.filter((s) => withinThresholds(s, thresholds, r.resourceType)).length;
        controls += (await perf.controls(r.id)).filter(
          (c) => c.periodStart === periodStart && c.periodEnd === periodEnd,
        ).length;
        entries.push({
          resourceId: r.id,
          region: r.region,
          availabilityBp: samples.length ? Math.floor((within * 10_000) / samples.length) : 10_000,
          thresholdCrossings: crossings.filter((c) => c.resourceId === r.id).length,
          degrading: warnings.some((w) => w.resourceId === r.id),
        });
      }
      entries.sort(
        (a, b) =>
          a.availabilityBp - b.availabilityBp ||
          b.thresholdCrossings - a.thresholdCrossings ||
          Number(b.degrading) - Number(a.degrading) ||
          a.resourceId.localeCompare(b.resourceId),
      );
      const inScope = new Set(resources.map((r) => r.id));
      const report = await perf.recordReport(runKey(call, periodStart), {
        scope: { region: input.region ?? null, resourceIds: input.resourceIds ?? [] },
        periodStart,
        periodEnd,
        entries: entries.slice(0, 500),
        crossings: crossings.filter((c) => inScope.has(c.resourceId)).length,
        warnings: warnings.filter((w) => inScope.has(w.resourceId)).length,
        controls,
      });
      return {
        reportId: report.id,
        entries: report.entries,
        crossings: report.crossings,
        warnings: report.warnings,
        controls: report.controls,
      };
    },
  );

  return {
    monitorResourcePerformance,
    analyzeResourcePerformance,
    controlResourcePerformance,
    reportResourcePerformance,
  };
}
