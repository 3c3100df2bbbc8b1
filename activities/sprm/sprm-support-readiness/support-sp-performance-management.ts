import { defineProcess } from '../../../src/contracts/activity';
import { readinessRun, round, total } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { Ports } from '../../../src/ports';

export const SupportSPPerformanceManagementInput = ReadinessRunInput;
export const SupportSPPerformanceManagementOutput = ReadinessOutcome;

/** 1.O.4.1.3 — supplier quality against objectives: SLA breaches, their nature and frequency. */
export function createSupportSPPerformanceManagement(
  ports: Pick<Ports, 'readinessReports' | 'operationalTrends' | 'clock'>,
) {
  return defineProcess(
    { etomId: '1.O.4.1.3', input: SupportSPPerformanceManagementInput, output: SupportSPPerformanceManagementOutput },
    async (input, call) => {
      const r = readinessRun(ports, call, 'S/PRM', input);
      const t = await ports.operationalTrends.trend('supplierPerformance', r.since);
      r.figures['periods'] = total(t, 'periods');
      r.figures['slaBreaches'] = total(t, 'slaBreaches');
      for (const x of t.rows) r.figures[`${x.group}.meanAvailabilityBp`] = round(x.figures['meanAvailabilityBp'] ?? 0);
      await r.hold(
        'suppliers.slaBreaches',
        t.rows.map((x) => ({
          subject: x.group,
          value: x.figures['slaBreaches'] ?? 0,
          action: `${x.group.slice(9)} breached its SLA: agree short-term corrective measures and an improvement plan.`,
        })),
      );
      return r.finish();
    },
  );
}
