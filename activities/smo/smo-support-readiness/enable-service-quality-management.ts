import { avg, round } from '../../../src/domain/readiness/assess';
import { defineReadinessProcess, type ReadinessPorts } from '../../../src/domain/readiness/process';

/** Improve Service (1.A.2.4.3): the process a class's quality improvement is addressed to. */
export const SERVICE_IMPROVEMENT = '1.A.2.4.3';

/** 1.O.2.1.4 — long-term quality of each service class: availability and test results. */
export function createEnableServiceQualityManagement(ports: ReadinessPorts<'operationalTrends'>) {
  return defineReadinessProcess({ etomId: '1.O.2.1.4', layer: 'SM&O' }, ports, async (r, input) => {
    const t = await ports.operationalTrends.trend('serviceQuality', r.since);
    const windowMinutes = input.windowDays * 1440;
    const availability = (x: (typeof t.rows)[number]) =>
      1 - avg(x.figures['outageMinutes'] ?? 0, windowMinutes * (x.figures['services'] ?? 0));
    for (const x of t.rows) {
      r.figures[`${x.group}.availability`] = round(availability(x));
      r.figures[`${x.group}.failedTests`] = x.figures['failedTests'] ?? 0;
    }
    await r.hold(
      'services.availability',
      t.rows.map((x) => ({
        subject: x.group,
        value: availability(x),
        action: `${x.group.slice(6)} is below its quality objective: balance demand on its resources and start improvement of the class.`,
        // Starting the class's improvement is Improve Service's to do: addressed to it, it proposes it for each service.
        addressedTo: SERVICE_IMPROVEMENT,
      })),
    );
    return r.finish();
  });
}
