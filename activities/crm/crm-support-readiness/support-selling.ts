import { defineProcess } from '../../../src/contracts/activity';
import { avg, readinessRun, total } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { Ports } from '../../../src/ports';

export const SupportSellingInput = ReadinessRunInput;
export const SupportSellingOutput = ReadinessOutcome;

/** 1.O.1.1.7 — sales trends per channel and segment: successes, failures, revenue. */
export function createSupportSelling(ports: Pick<Ports, 'readinessReports' | 'operationalTrends' | 'clock'>) {
  return defineProcess(
    { etomId: '1.O.1.1.7', input: SupportSellingInput, output: SupportSellingOutput },
    async (input, call) => {
      const r = readinessRun(ports, call, 'CRM', input);
      const t = await ports.operationalTrends.trend('salesChannels', r.since);
      r.figures['orders'] = total(t, 'orders');
      r.figures['completed'] = total(t, 'completed');
      r.figures['recurringRevenueMinor'] = total(t, 'recurringRevenueMinor');
      await r.hold(
        'sales.successRate',
        t.rows
          .filter((x) => (x.figures['orders'] ?? 0) > 0)
          .map((x) => ({
            subject: x.group,
            value: avg(x.figures['completed'] ?? 0, x.figures['orders'] ?? 0),
            action: `Few sales through ${x.group.slice(8)} complete: train that channel's staff or move the segment to another channel.`,
          })),
      );
      return r.finish();
    },
  );
}
