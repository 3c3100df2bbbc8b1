import { defineProcess } from '../../../src/contracts/activity';
import { avg, readinessRun } from '../../../src/domain/readiness/assess';
import { ReadinessOutcome, ReadinessRunInput } from '../../../src/domain/readiness/report';
import type { Ports } from '../../../src/ports';

export const SupportMarketingFulfillmentInput = ReadinessRunInput;
export const SupportMarketingFulfillmentOutput = ReadinessOutcome;

/** 1.O.1.1.6 — marketing trends: problems and effectiveness of each offering's launch. */
export function createSupportMarketingFulfillment(
  ports: Pick<Ports, 'readinessReports' | 'operationalTrends' | 'clock'>,
) {
  return defineProcess(
    { etomId: '1.O.1.1.6', input: SupportMarketingFulfillmentInput, output: SupportMarketingFulfillmentOutput },
    async (input, call) => {
      const r = readinessRun(ports, call, 'CRM', input);
      const t = await ports.operationalTrends.trend('offeringOrders', r.since);
      for (const x of t.rows) r.figures[`${x.group}.orders`] = x.figures['orders'] ?? 0;
      const idle = t.rows.filter((x) => (x.figures['orders'] ?? 0) === 0).map((x) => x.group.slice(9));
      if (idle.length) r.findings.push(`offerings without orders in the window: ${idle.join(', ')}`);
      await r.hold(
        'marketing.failureRate',
        t.rows
          .filter((x) => (x.figures['orders'] ?? 0) > 0)
          .map((x) => ({
            subject: x.group,
            value: avg(x.figures['failed'] ?? 0, x.figures['orders'] ?? 0),
            action: `Orders for ${x.group.slice(9)} often fail: review the offer's launch material and what sales promise.`,
          })),
      );
      return r.finish({ idleOfferings: idle });
    },
  );
}
