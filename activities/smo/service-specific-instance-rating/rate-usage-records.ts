import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import type { Ports } from '../../../src/ports';

export const RateInput = z.object({ collectionId: z.string().min(1).nullable(), cycleId: z.string().min(1) });
export const RateOutput = z.object({ cycleId: z.string(), rated: z.number().int(), chargeMinor: z.number().int() });

/**
 * 1.B.2.5.2 Rate Usage Records — rate the mediated records against the catalog's tariffs (per
 * unit, tiers, time of day, allowances), for the billing cycle.
 */
export function createRateUsageRecords(ports: Pick<Ports, 'usage'>) {
  return defineProcess({ etomId: '1.B.2.5.2', input: RateInput, output: RateOutput }, async (input, call) => ({
    cycleId: input.cycleId,
    ...(await ports.usage.rate(call.idempotencyKey, input, (rated) => call.heartbeat({ rated }))),
  }));
}
