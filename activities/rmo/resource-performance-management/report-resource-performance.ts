import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { ResourcePerformanceEntry } from '../../../src/domain/assurance/messages';
import {
  hasScope,
  PerformancePeriod,
  PerformanceScope,
} from '../../../src/domain/assurance/resource-performance-request';
import type { Ports } from '../../../src/ports';
import { runKey } from './period';
import { withinThresholds } from './thresholds';
import { watchedElements } from './watched-elements';

export const ReportResourcePerformanceInput = z
  .object({ ...PerformanceScope, ...PerformancePeriod })
  .refine(hasScope, 'a region or resource ids');
export const ReportResourcePerformanceOutput = z.object({
  reportId: z.string().min(1),
  entries: z.array(ResourcePerformanceEntry).max(500),
  crossings: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  controls: z.number().int().nonnegative(),
});

/**
 * 1.A.3.4.4 — the period's report: per element, the share of readings within every
 * threshold, its crossings and whether it degrades; stored, and returned worst first for
 * Service Quality Management (bounded).
 */
export function createReportResourcePerformance(ports: Pick<Ports, 'resourcePerformance'>) {
  const { resourcePerformance: perf } = ports;
  return defineProcess(
    { etomId: '1.A.3.4.4', input: ReportResourcePerformanceInput, output: ReportResourcePerformanceOutput },
    async (input, call) => {
      const { periodStart, periodEnd } = input;
      const period = { periodStart, periodEnd };
      const resources = await watchedElements(perf, input);
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
}
