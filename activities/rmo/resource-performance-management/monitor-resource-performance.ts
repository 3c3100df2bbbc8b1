import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { ResourcePerformanceRequest } from '../../../src/domain/assurance/resource-performance-request';
import type { Ports } from '../../../src/ports';
import type { MonitoredResource, ThresholdCrossing } from '../../../src/ports/resource-performance';
import { KPIS } from '../../../src/simulators/performance';
import { periodKey, runKey, sampleTimes } from './period';
import { limitOf } from './thresholds';
import { watchedElements } from './watched-elements';

const Id = z.string().min(1);

export const MonitorResourcePerformanceInput = ResourcePerformanceRequest;

/** What the workflow asks Resource Trouble Management to open (origin `performance`). */
const TroubleToRaise = z.object({ troubleId: Id, resourceId: Id, description: z.string().min(1) });

export const MonitorResourcePerformanceOutput = z.object({
  request: ResourcePerformanceRequest,
  monitored: z.number().int().nonnegative(),
  samples: z.number().int().nonnegative(),
  crossings: z.number().int().nonnegative(),
  troubles: z.array(TroubleToRaise).max(100),
});

/**
 * 1.A.3.4.1 — collect the period's readings and examine them against the thresholds; every
 * element over a threshold gets a resource trouble report, except one whose parent element
 * crossed too: its trouble is the parent's (one failing card, not eight failing ports).
 */
export function createMonitorResourcePerformance(ports: Pick<Ports, 'resourcePerformance'>) {
  const { resourcePerformance: perf } = ports;
  return defineProcess(
    { etomId: '1.A.3.4.1', input: MonitorResourcePerformanceInput, output: MonitorResourcePerformanceOutput },
    async (request, call) => {
      const { periodStart, periodEnd } = request;
      const resources = await watchedElements(perf, request);
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
}
