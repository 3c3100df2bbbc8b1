import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import { Id } from './collection';

export const DistributeResourceDataInput = z.object({ collectionId: Id, consumer: Id.default('1.B.2.5 usageRating') });
export const DistributeResourceDataOutput = z.object({
  distributionId: z.string(),
  collectionId: z.string(),
  records: z.number().int(),
});

/** 1.AB.3.5.3 — distribute the processed records to the process that needs them (rating, by default). */
export function createDistributeResourceData(ports: Pick<Ports, 'usage'>) {
  return defineProcess(
    { etomId: '1.AB.3.5.3', input: DistributeResourceDataInput, output: DistributeResourceDataOutput },
    async (input, call) => ({
      collectionId: input.collectionId,
      ...(await ports.usage.distribute(call.idempotencyKey, input.collectionId, input.consumer)),
    }),
  );
}
