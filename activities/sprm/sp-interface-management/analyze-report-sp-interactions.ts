import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import { InteractionReport } from '../../../src/domain/lifecycle/partner-interaction';
import type { Ports } from '../../../src/ports';

/** One supplier's interactions, or (null) every supplier's. */
export const AnalyzeAndReportSPInteractionsInput = z.object({
  supplierId: z.string().min(1).nullable().default(null),
});
export type AnalyzeAndReportSPInteractionsInput = z.input<typeof AnalyzeAndReportSPInteractionsInput>;
export const AnalyzeAndReportSPInteractionsOutput = InteractionReport;

/**
 * 1.FAB.4.6.2 — analyse the supplier's interactions and keep the report: what they ask
 * about, how much self-service answers, and what they keep asking about (where our own
 * reporting to them falls short).
 */
export function createAnalyzeAndReportSPInteractions(ports: Pick<Ports, 'partnerInteractions' | 'clock'>) {
  const { partnerInteractions: spi, clock } = ports;
  return defineProcess(
    {
      etomId: '1.FAB.4.6.2',
      input: AnalyzeAndReportSPInteractionsInput,
      output: AnalyzeAndReportSPInteractionsOutput,
    },
    async ({ supplierId }, call) => {
      if (supplierId !== null && !(await spi.getSupplier(supplierId))) {
        return reject(BusinessErrorType.NotFound, `no supplier ${supplierId}`);
      }
      const requests = await spi.requestsOf(supplierId);
      const tally = (keys: string[]) =>
        keys.reduce<Record<string, number>>((t, k) => ({ ...t, [k]: (t[k] ?? 0) + 1 }), {});
      const selfServed = requests.filter((r) => r.status === 'answered').length;
      const references = tally(requests.flatMap((r) => (r.reference ? [r.reference] : [])));
      return spi.recordReport(call.idempotencyKey, {
        supplierId,
        requests: requests.length,
        byTopic: tally(requests.map((r) => r.topic)),
        byChannel: tally(requests.map((r) => r.channel)),
        selfServed,
        routed: requests.length - selfServed,
        selfServiceRateBp: requests.length ? Math.round((selfServed * 10_000) / requests.length) : 0,
        repeatedReferences: Object.keys(references)
          .filter((r) => references[r]! > 1)
          .sort(),
        createdAt: clock().toISOString(),
      });
    },
  );
}
