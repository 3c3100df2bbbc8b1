import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import {
  hasScope,
  PerformancePeriod,
  PerformanceScope,
} from '../../../src/domain/assurance/resource-performance-request';
import type { Ports } from '../../../src/ports';
import { KPIS, type Kpi } from '../../../src/simulators/performance';
import { runKey } from './period';
import { limitOf } from './thresholds';
import { watchedElements } from './watched-elements';

const Id = z.string().min(1);
const HOUR = 3_600_000;

export const KpiName = z.enum(KPIS);
/** An element that degrades: over a threshold this period, or trending to one. */
export const Degraded = z.object({ resourceId: Id, kpis: z.array(KpiName), reason: z.enum(['crossing', 'trend']) });
export type Degraded = z.infer<typeof Degraded>;

export const AnalyzeResourcePerformanceInput = z
  .object({
    ...PerformanceScope,
    ...PerformancePeriod,
    trendWindow: z.number().int().min(3).max(288).default(12),
    warningHorizonMinutes: z.number().int().positive().default(240),
  })
  .refine(hasScope, 'a region or resource ids');
export const AnalyzeResourcePerformanceOutput = z.object({
  warnings: z
    .array(z.object({ warningId: Id, resourceId: Id, kpi: KpiName, predictedCrossingAt: z.iso.datetime() }))
    .max(200),
  degraded: z.array(Degraded).max(200),
});

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

/**
 * 1.A.3.4.2 — fit a line to each KPI's recent readings: a KPI still within its threshold but
 * rising fast enough to reach it within the horizon is a degradation caught before it hurts,
 * recorded as an early warning. With the period's crossings, these are the degraded elements.
 */
export function createAnalyzeResourcePerformance(ports: Pick<Ports, 'resourcePerformance'>) {
  const { resourcePerformance: perf } = ports;
  return defineProcess(
    { etomId: '1.A.3.4.2', input: AnalyzeResourcePerformanceInput, output: AnalyzeResourcePerformanceOutput },
    async (input, call) => {
      const { periodStart, periodEnd } = input;
      const resources = await watchedElements(perf, input);
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
}
