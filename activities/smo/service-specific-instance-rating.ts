import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import { RejectReason, UsageType } from '../../src/domain/billing/usage';
import type { Ports } from '../../src/ports';

/**
 * Service & Specific Instance Rating (1.B.2.5): mediate the usage records RM&O distributed
 * (validate, normalise, correlate duplicates, aggregate by service usage type; rejected records
 * kept and recyclable), rate them against the catalog's tariffs (per unit, tiers, time of day,
 * allowances), and analyse them for anomalies (fraud, or the answer to a complaint).
 */

const Id = z.string().min(1);

export const MediateInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('mediate'), collectionId: Id.nullable() }),
  /** After the reference data is fixed: rejected records of these reasons go back to mediation, and are mediated. */
  z.object({ action: z.literal('recycle'), reasons: z.array(RejectReason).min(1) }),
]);
export const MediateOutput = z.object({
  recycled: z.number().int(),
  guided: z.number().int(),
  rejected: z.partialRecord(RejectReason, z.number().int()),
  aggregates: z.array(
    z.object({ serviceId: z.string(), usageType: UsageType, records: z.number().int(), quantity: z.number().int() }),
  ),
});
export const RateInput = z.object({ collectionId: Id.nullable(), cycleId: Id });
export const RateOutput = z.object({ cycleId: z.string(), rated: z.number().int(), chargeMinor: z.number().int() });
export const AnalyzeInput = z.object({ collectionId: Id.optional(), customerId: Id.optional() });
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

export function createServiceSpecificInstanceRatingActivities(ports: Pick<Ports, 'usage'>) {
  return {
    mediateUsageRecords: defineProcess(
      { etomId: '1.B.2.5.1', input: MediateInput, output: MediateOutput },
      async (input, call) => {
        const progress = (mediated: number) => call.heartbeat({ mediated });
        if (input.action === 'recycle') {
          const { recycled } = await ports.usage.recycle(`${call.idempotencyKey}/recycle`, input.reasons);
          return { recycled, ...(await ports.usage.mediate(`${call.idempotencyKey}/mediate`, null, progress)) };
        }
        return { recycled: 0, ...(await ports.usage.mediate(call.idempotencyKey, input.collectionId, progress)) };
      },
    ),
    rateUsageRecords: defineProcess(
      { etomId: '1.B.2.5.2', input: RateInput, output: RateOutput },
      async (input, call) => ({
        cycleId: input.cycleId,
        ...(await ports.usage.rate(call.idempotencyKey, input, (rated) => call.heartbeat({ rated }))),
      }),
    ),
    analyzeUsageRecords: defineProcess(
      { etomId: '1.B.2.5.3', input: AnalyzeInput, output: AnalyzeOutput },
      async (input, call) => {
        const report = await ports.usage.analyze(call.idempotencyKey, input);
        return { reportId: report.reportId, byCustomer: report.byCustomer, anomalies: report.anomalies.slice(0, 50) };
      },
    ),
  };
}
