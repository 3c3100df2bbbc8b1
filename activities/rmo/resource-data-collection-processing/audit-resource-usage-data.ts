import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import { CollectionRef } from './collection';

export const AuditResourceUsageDataInput = CollectionRef;
export const AuditResourceUsageDataOutput = z.object({
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

/** 1.AB.3.5.4 — audit the usage flow of a collection for lost and duplicated records. */
export function createAuditResourceUsageData(ports: Pick<Ports, 'usage'>) {
  return defineProcess(
    { etomId: '1.AB.3.5.4', input: AuditResourceUsageDataInput, output: AuditResourceUsageDataOutput },
    async (input, call) => {
      const audit = await ports.usage.audit(call.idempotencyKey, input.collectionId);
      return { ...audit, findings: audit.findings.slice(0, 20) };
    },
  );
}
