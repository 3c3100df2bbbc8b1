import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { PerformancePeriod } from '../../../src/domain/assurance/resource-performance-request';
import type { Ports } from '../../../src/ports';
import type { Kpi } from '../../../src/simulators/performance';
import { Degraded } from './analyze-resource-performance';
import { periodKey, runKey } from './period';
import { ResourceNeed } from '../../../src/domain/fulfilment/resource-order';

const Id = z.string().min(1);

/** Load-driven KPIs: shedding traffic brings them down; errors come from faults, not load. */
const LOAD_KPIS: readonly Kpi[] = ['utilisationPct', 'latencyMs', 'packetLossPct'];
/** Share of an element's load a control sheds: onto its redundant mate, or policed at the edge. */
const REROUTE_SHED_PCT = 40;
const RATE_LIMIT_SHED_PCT = 20;

export const ControlResourcePerformanceInput = z.object({ ...PerformancePeriod, degraded: z.array(Degraded).max(200) });
export const ControlResourcePerformanceOutput = z.object({
  controls: z
    .array(z.object({ controlId: Id, resourceId: Id, kind: z.enum(['reroute', 'rateLimit']), shedPct: z.number() }))
    .max(200),
  skipped: z.array(z.object({ resourceId: Id, reason: z.string() })).max(200),
  /**
   * Capacity to ask of Resource Provisioning (1.F.3.2.2) for a load no mate can take: one more
   * element of the same specification for each service the element carries. Absent in runs
   * recorded before it was asked.
   */
  capacity: z
    .array(
      z.object({
        resourceOrderId: Id,
        resourceId: Id,
        region: Id,
        serviceId: Id,
        customerId: Id,
        needs: z.array(ResourceNeed).min(1),
        reason: z.string(),
      }),
    )
    .max(200)
    .optional(),
});

/**
 * 1.A.3.4.3 — condition the traffic of a degraded element: reroute part of it onto the
 * redundant mate when there is a healthy one, otherwise police it (rate-limit). A control
 * acts on the traffic to come: from the end of the period analysed. An element degraded
 * only by errors has a fault, not a load: that is Resource Trouble Management's. Policing only
 * holds a load back: where no mate can take it, the element's services are named for capacity
 * that Resource Provisioning adds ("ajouter les capacités de ressources nécessaires pour remédier
 * à des problèmes de performance", 1.F.3.2.2), which the workflow orders.
 */
export function createControlResourcePerformance(ports: Pick<Ports, 'resourcePerformance' | 'serviceProblems'>) {
  const { resourcePerformance: perf, serviceProblems: services } = ports;
  return defineProcess(
    { etomId: '1.A.3.4.3', input: ControlResourcePerformanceInput, output: ControlResourcePerformanceOutput },
    async (input, call) => {
      const { periodStart, periodEnd } = input;
      const degradedIds = new Set(input.degraded.map((d) => d.resourceId));
      const controls = [];
      const skipped = [];
      const capacity = [];
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
        if (mate) continue;
        for (const s of await services.servicesOn([d.resourceId])) {
          const spec = (await services.elementsOf(s.serviceId)).find((e) => e.resourceId === d.resourceId);
          if (!spec) continue; // carried by an element under it: that element's own capacity
          capacity.push({
            resourceOrderId: `RO-PERF-${d.resourceId}-${periodKey(periodStart)}-${s.serviceId}`,
            resourceId: d.resourceId,
            region: element.region,
            serviceId: s.serviceId,
            customerId: s.customerId,
            needs: [{ resourceSpecId: spec.resourceSpecId, quantity: 1 }],
            reason: `${what} on ${d.resourceId}, no mate to take it: one more ${spec.resourceType} for ${s.serviceId}`,
          });
        }
      }
      return { controls, skipped, capacity };
    },
  );
}
