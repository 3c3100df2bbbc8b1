import { round } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';
import type { ClassSample } from '../../../src/ports/resource-classes';
import { WATCHED_TYPES } from './watched-classes';

/** Support Resource Trouble Management (1.O.3.1.3): the process a degrading class is referred to. */
export const RESOURCE_TROUBLE_SUPPORT = '1.O.3.1.3';

/** 1.O.3.1.2 — sample the performance of each resource class and analyse it over time. */
export function createEnableResourcePerformanceManagement(
  ports: ReadinessPorts<'resourceClasses' | 'networkActivation'>,
) {
  return defineReadinessProcess({ etomId: '1.O.3.1.2', layer: 'RM&O' }, ports, async (r, input, call) => {
    const counts = await ports.resourceClasses.classCounts();
    const tested = new Map<string, { tests: number; failed: number; latency: number }>();
    for (const e of await ports.resourceClasses.configuredElements()) {
      const t = await ports.networkActivation.testResource(e.resourceId);
      const k = `${e.resourceSpecId}@${e.region}`;
      const m = tested.get(k) ?? { tests: 0, failed: 0, latency: 0 };
      tested.set(k, {
        tests: m.tests + 1,
        failed: m.failed + (t.passed ? 0 : 1),
        latency: m.latency + (t.measurements['latencyMs'] ?? 0),
      });
    }
    const samples: ClassSample[] = counts
      .filter((c) => WATCHED_TYPES.includes(c.resourceType))
      .map((c) => {
        const m = tested.get(`${c.resourceSpecId}@${c.region}`);
        return {
          resourceSpecId: c.resourceSpecId,
          region: c.region,
          total: c.total,
          inService: c.inService,
          available: c.available,
          outOfService: c.outOfService,
          tests: m?.tests ?? 0,
          failedTests: m?.failed ?? 0,
          meanLatencyMs: m ? round(m.latency / m.tests) : null,
        };
      });
    await ports.resourceClasses.recordSamples(`${call.idempotencyKey}/samples`, input.runId, samples);
    // The long view: every sample of the window, not just this run's.
    const history = await ports.resourceClasses.samples(r.since);
    const byClass = new Map<string, { tests: number; failed: number }>();
    for (const s of history) {
      const k = `${s.resourceSpecId}@${s.region}`;
      const m = byClass.get(k) ?? { tests: 0, failed: 0 };
      byClass.set(k, { tests: m.tests + s.tests, failed: m.failed + s.failedTests });
    }
    r.figures['classes'] = samples.length;
    r.figures['tests'] = samples.reduce((a, s) => a + s.tests, 0);
    r.figures['failedTests'] = samples.reduce((a, s) => a + s.failedTests, 0);
    await r.hold(
      'resources.testFailureRate',
      [...byClass]
        .filter(([, m]) => m.tests > 0)
        .map(([k, m]) => ({
          subject: k,
          value: m.failed / m.tests,
          action: `${k} degrades: balance demand onto healthier groups and refer the class to resource trouble management.`,
          // Referred to resource trouble management: addressed to it, it maintains the failing elements.
          addressedTo: RESOURCE_TROUBLE_SUPPORT,
        })),
    );
    return r.finish({ samples: samples.length, windowSamples: history.length });
  });
}
