import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import { CollectionRef } from './collection';

export const ProcessResourceDataInput = CollectionRef;
export const ProcessResourceDataOutput = z.object({
  collectionId: z.string(),
  processed: z.number().int(),
  formatErrors: z.number().int(),
  unmapped: z.number().int(),
});

/**
 * 1.AB.3.5.2 — process the collected records: format them, and enrich them with the
 * resource → service mapping; malformed and unmapped records are counted, not dropped silently.
 */
export function createProcessResourceData(ports: Pick<Ports, 'usage'>) {
  return defineProcess(
    { etomId: '1.AB.3.5.2', input: ProcessResourceDataInput, output: ProcessResourceDataOutput },
    async (input, call) => ({
      collectionId: input.collectionId,
      ...(await ports.usage.process(call.idempotencyKey, input.collectionId, (processed) =>
        call.heartbeat({ processed }),
      )),
    }),
  );
}
