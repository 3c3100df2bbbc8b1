import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import { CollectionRef, Id } from './collection';

export const AuditResourceUsageDataInput = CollectionRef.extend({
  /** A failed audit of this collection to settle, instead of auditing again. */
  settleAuditId: Id.optional(),
});
export const AuditResourceUsageDataOutput = z.object({
  auditId: z.string(),
  collectionId: z.string(),
  produced: z.number().int(),
  collected: z.number().int(),
  missing: z.number().int(),
  duplicates: z.number().int(),
  /** Of `missing`, lost before the first record this collection took from an element. */
  lostBeforeFirst: z.number().int().default(0),
  /** Elements that numbered records since their last collection and sent none. */
  silentElements: z.number().int().default(0),
  /** Of `duplicates`, records another collection already took. */
  duplicatesAcrossCollections: z.number().int().default(0),
  /** Failed: distribution (1.AB.3.5.3) waits until the audit is settled. */
  status: z.enum(['passed', 'failed', 'settled']).default('passed'),
  settlement: z.string().nullable().default(null),
  /** The first elements with findings; the audit row in the store has them all. */
  findings: z.array(
    z.object({
      elementId: z.string(),
      missingSeqs: z.array(z.number()),
      duplicateCorrelationIds: z.array(z.string()),
      silent: z.boolean().optional(),
    }),
  ),
});

/**
 * 1.AB.3.5.4 — audit the usage flow of a collection for records lost (the first of a period and
 * whole silent elements included) and duplicated (across collections too). A failed audit holds
 * distribution; settling it takes what the elements delivered late of the missing records and
 * writes off the rest, so the flow may go on.
 */
export function createAuditResourceUsageData(ports: Pick<Ports, 'usage'>) {
  return defineProcess(
    { etomId: '1.AB.3.5.4', input: AuditResourceUsageDataInput, output: AuditResourceUsageDataOutput },
    async (input, call) => {
      const audit = input.settleAuditId
        ? await ports.usage.settleAudit(call.idempotencyKey, input.settleAuditId)
        : await ports.usage.audit(call.idempotencyKey, input.collectionId);
      return { ...audit, findings: audit.findings.slice(0, 20) };
    },
  );
}
