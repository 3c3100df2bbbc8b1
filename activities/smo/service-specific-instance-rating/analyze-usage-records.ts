import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { UsageType } from '../../../src/domain/billing/usage';
import type { Ports } from '../../../src/ports';

export const AnalyzeInput = z.object({
  collectionId: z.string().min(1).optional(),
  customerId: z.string().min(1).optional(),
});
export const AnalyzeOutput = z.object({
  reportId: z.string(),
  byCustomer: z.array(
    z.object({
      customerId: z.string(),
      usageType: UsageType,
      records: z.number().int(),
      quantity: z.number().int(),
      chargeMinor: z.number().int(),
    }),
  ),
  anomalies: z.array(z.object({ kind: z.string(), serviceId: z.string(), detail: z.string() })),
});

/**
 * 1.B.2.5.3 Analyze Usage Records — analyse the rated records for anomalies: fraud, or the
 * answer to a customer's complaint.
 */
export function createAnalyzeUsageRecords(ports: Pick<Ports, 'usage'>) {
  return defineProcess({ etomId: '1.B.2.5.3', input: AnalyzeInput, output: AnalyzeOutput }, async (input, call) => {
    const report = await ports.usage.analyze(call.idempotencyKey, input);
    return { reportId: report.reportId, byCustomer: report.byCustomer, anomalies: report.anomalies.slice(0, 50) };
  });
}
