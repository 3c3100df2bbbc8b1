import { defineProcess } from '../../../src/contracts/activity';
import { avg, readinessRun, total } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { Ports } from '../../../src/ports';

export const SupportBillingAndCollectionsInput = ReadinessRunInput;
export const SupportBillingAndCollectionsOutput = ReadinessOutcome;

/** 1.O.1.1.4 — billing trends (inquiries, complaints) against the accounts billed, per region. */
export function createSupportBillingAndCollections(
  ports: Pick<Ports, 'readinessReports' | 'operationalTrends' | 'clock'>,
) {
  return defineProcess(
    { etomId: '1.O.1.1.4', input: SupportBillingAndCollectionsInput, output: SupportBillingAndCollectionsOutput },
    async (input, call) => {
      const r = readinessRun(ports, call, 'CRM', input);
      const t = await ports.operationalTrends.trend('billingInquiries', r.since);
      r.figures['accounts'] = total(t, 'accounts');
      r.figures['inquiries'] = total(t, 'inquiries');
      r.figures['complaints'] = total(t, 'complaints');
      await r.hold(
        'billing.inquiryRate',
        t.rows
          .filter((x) => (x.figures['accounts'] ?? 0) > 0)
          .map((x) => ({
            subject: x.group,
            value: avg(x.figures['inquiries'] ?? 0, x.figures['accounts'] ?? 0),
            action: `Billing inquiries in ${x.group.slice(7)} are frequent (${x.figures['complaints']} complaints): add billing agents and publish answers to the common questions.`,
          })),
      );
      return r.finish({ sources: t.sources });
    },
  );
}
