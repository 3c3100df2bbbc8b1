import { defineProcess } from '../../../src/contracts/activity';
import { readinessRun, total } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { Ports } from '../../../src/ports';

export const SupportSPSettlementsAndBillingManagementInput = ReadinessRunInput;
export const SupportSPSettlementsAndBillingManagementOutput = ReadinessOutcome;

/** 1.O.4.1.4 — settlement trends per supplier: what we owe, revenue shares, disputes. */
export function createSupportSPSettlementsAndBillingManagement(
  ports: Pick<Ports, 'readinessReports' | 'operationalTrends' | 'clock'>,
) {
  return defineProcess(
    {
      etomId: '1.O.4.1.4',
      input: SupportSPSettlementsAndBillingManagementInput,
      output: SupportSPSettlementsAndBillingManagementOutput,
    },
    async (input, call) => {
      const r = readinessRun(ports, call, 'S/PRM', input);
      const t = await ports.operationalTrends.trend('settlements', r.since);
      r.figures['payableMinor'] = total(t, 'payableMinor');
      r.figures['revenueShareContracts'] = total(t, 'revenueShareContracts');
      r.figures['settlements'] = total(t, 'settlements');
      r.figures['disputes'] = total(t, 'disputes');
      await r.hold(
        'suppliers.disputes',
        t.rows.map((x) => ({
          subject: x.group,
          value: x.figures['disputes'] ?? 0,
          action: `Settlements with ${x.group.slice(9)} are disputed: settle the common issues and add settlement staff.`,
        })),
      );
      return r.finish({ sources: t.sources });
    },
  );
}
