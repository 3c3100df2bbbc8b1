import { defineProcess } from '../../../src/contracts/activity';
import { readinessRun, round, total } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { Ports } from '../../../src/ports';

export const SupportServiceProblemManagementInput = ReadinessRunInput;
export const SupportServiceProblemManagementOutput = ReadinessOutcome;

/** 1.O.2.1.3 — statistical analysis of service problems per class, chronic failures, corrective action. */
export function createSupportServiceProblemManagement(
  ports: Pick<Ports, 'readinessReports' | 'operationalTrends' | 'clock'>,
) {
  return defineProcess(
    { etomId: '1.O.2.1.3', input: SupportServiceProblemManagementInput, output: SupportServiceProblemManagementOutput },
    async (input, call) => {
      const r = readinessRun(ports, call, 'SM&O', input);
      const t = await ports.operationalTrends.trend('serviceProblems', r.since);
      r.figures['problems'] = total(t, 'problems', 'class:');
      r.figures['open'] = total(t, 'open', 'class:');
      for (const x of t.rows.filter((y) => y.group.startsWith('class:'))) {
        r.figures[`${x.group}.problems`] = x.figures['problems'] ?? 0;
        r.figures[`${x.group}.meanHoursToRestore`] = round(x.figures['meanHoursToRestore'] ?? 0);
      }
      const chronic = await r.hold(
        'services.chronicProblems',
        t.rows
          .filter((x) => x.group.startsWith('service:'))
          .map((x) => ({
            subject: x.group,
            value: x.figures['problems'] ?? 0,
            action: `${x.group.slice(8)} fails again and again: schedule maintenance of the resources behind it and analyse the chronic failure.`,
          })),
      );
      return r.finish({ chronic: chronic.map((c) => c.subject) });
    },
  );
}
