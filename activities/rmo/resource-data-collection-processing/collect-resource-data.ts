import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';
import { Id } from './collection';

/** A bill cycle looks back a month when there was no collection before. */
const FIRST_LOOKBACK_MS = 30 * 24 * 3600 * 1000;

export const CollectResourceDataInput = z.object({
  collectionId: Id,
  periodStart: z.iso.datetime().optional(),
  periodEnd: z.iso.datetime(),
});
export const CollectResourceDataOutput = z.object({
  collectionId: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  collected: z.number().int(),
});

/**
 * 1.AB.3.5.1 — collect the records the network elements produced for the active services,
 * from where the last collection ended (or a month back, the first time).
 */
export function createCollectResourceData(ports: Pick<Ports, 'usage'>) {
  return defineProcess(
    { etomId: '1.AB.3.5.1', input: CollectResourceDataInput, output: CollectResourceDataOutput },
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
  );
}
