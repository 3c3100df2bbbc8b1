import { defineProcess } from '../../../src/contracts/activity';
import { readinessRun, round, total } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { Ports } from '../../../src/ports';

export const SupportSPProblemReportingAndManagementInput = ReadinessRunInput;
export const SupportSPProblemReportingAndManagementOutput = ReadinessOutcome;

/** 1.O.4.1.2 — problems reported to suppliers: type, frequency, time to resolve. */
export function createSupportSPProblemReportingAndManagement(
  ports: Pick<Ports, 'readinessReports' | 'operationalTrends' | 'clock'>,
) {
  return defineProcess(
    {
      etomId: '1.O.4.1.2',
      input: SupportSPProblemReportingAndManagementInput,
      output: SupportSPProblemReportingAndManagementOutput,
    },
    async (input, call) => {
      const r = readinessRun(ports, call, 'S/PRM', input);
      const t = await ports.operationalTrends.trend('partnerProblems', r.since);
      r.figures['problems'] = total(t, 'problems');
      r.figures['escalated'] = total(t, 'escalated');
      r.figures['reopened'] = total(t, 'reopened');
      for (const x of t.rows) r.figures[`${x.group}.meanHoursToResolve`] = round(x.figures['meanHoursToResolve'] ?? 0);
      await r.hold(
        'suppliers.problems',
        t.rows.map((x) => ({
          subject: x.group,
          value: x.figures['problems'] ?? 0,
          action: `Problems with ${x.group.slice(9)} are frequent: review the supplier's fault handling with them and staff the S/P problem desk.`,
        })),
      );
      return r.finish();
    },
  );
}
