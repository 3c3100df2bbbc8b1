import { z } from 'zod';
import { defineProcess } from '../../src/contracts/activity';
import type { Ports } from '../../src/ports';

/**
 * Resource Data Collection & Processing (1.AB.3.5), for usage: collect the records the network
 * elements produced for the active services, process them (format, enrich with the resource →
 * service mapping), distribute them to the processes that need them, audit the flow for lost
 * and duplicated records. Records stay in the store; what travels is the collection id and counts.
 */

const Id = z.string().min(1);
/** A bill cycle looks back a month when there was no collection before. */
const FIRST_LOOKBACK_MS = 30 * 24 * 3600 * 1000;

export const CollectInput = z.object({
  collectionId: Id,
  periodStart: z.iso.datetime().optional(),
  periodEnd: z.iso.datetime(),
});
export const CollectOutput = z.object({
  collectionId: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  collected: z.number().int(),
});
export const CollectionRef = z.object({ collectionId: Id });
export const ProcessOutput = z.object({
  collectionId: z.string(),
  processed: z.number().int(),
  formatErrors: z.number().int(),
  unmapped: z.number().int(),
});
export const DistributeInput = z.object({ collectionId: Id, consumer: Id.default('1.B.2.5 usageRating') });
export const DistributeOutput = z.object({
  distributionId: z.string(),
  collectionId: z.string(),
  records: z.number().int(),
});
export const AuditOutput = z.object({
  auditId: z.string(),
  collectionId: z.string(),
  produced: z.number().int(),
  collected: z.number().int(),
  missing: z.number().int(),
  duplicates: z.number().int(),
  /** The first elements with findings; the audit row in the store has them all. */
  findings: z.array(
    z.object({ elementId: z.string(), missingSeqs: z.array(z.number()), duplicateCorrelationIds: z.array(z.string()) }),
  ),
});

export function createResourceDataCollectionProcessingActivities(ports: Pick<Ports, 'usage'>) {
  return {
    collectResourceData: defineProcess(
      { etomId: '1.AB.3.5.1', input: CollectInput, output: CollectOutput },
      async (input, call) => {
        const periodStart =
          input.periodStart ??
          (await ports.usage.lastCollectionEnd()) ??
          new Date(Date.parse(input.periodEnd) - FIRST_LOOKBACK_MS).toISOString();
        return ports.usage.collect(call.idempotencyKey, {
          collectionId: input.collectionId,
          periodStart,
          periodEnd: input.periodEnd,
        });
      },
    ),
    processResourceData: defineProcess(
      { etomId: '1.AB.3.5.2', input: CollectionRef, output: ProcessOutput },
      async (input, call) => ({
        collectionId: input.collectionId,
        ...(await ports.usage.process(call.idempotencyKey, input.collectionId, (processed) =>
          call.heartbeat({ processed }),
        )),
      }),
    ),
    distributeResourceData: defineProcess(
      { etomId: '1.AB.3.5.3', input: DistributeInput, output: DistributeOutput },
      async (input, call) => ({
        collectionId: input.collectionId,
        ...(await ports.usage.distribute(call.idempotencyKey, input.collectionId, input.consumer)),
      }),
    ),
    auditResourceUsageData: defineProcess(
      { etomId: '1.AB.3.5.4', input: CollectionRef, output: AuditOutput },
      async (input, call) => {
        const audit = await ports.usage.audit(call.idempotencyKey, input.collectionId);
        return { ...audit, findings: audit.findings.slice(0, 20) };
      },
    ),
  };
}
