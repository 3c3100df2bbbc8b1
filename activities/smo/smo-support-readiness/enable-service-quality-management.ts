import { defineProcess } from '../../../src/contracts/activity';
import { avg, readinessRun, round } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { Ports } from '../../../src/ports';

export const EnableServiceQualityManagementInput = ReadinessRunInput;
export const EnableServiceQualityManagementOutput = ReadinessOutcome;

/** 1.O.2.1.4 — long-term quality of each service class: availability and test results. */
export function createEnableServiceQualityManagement(
  ports: Pick<Ports, 'readinessReports' | 'operationalTrends' | 'clock'>,
) {
  return defineProcess(
    { etomId: '1.O.2.1.4', input: EnableServiceQualityManagementInput, output: EnableServiceQualityManagementOutput },
    async (input, call) => {
      const r = readinessRun(ports, call, 'SM&O', input);
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
        })),
      );
      return r.finish();
    },
  );
}
