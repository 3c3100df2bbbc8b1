import { z } from 'zod';
import { defineProcess } from '../../../src/contracts/activity';
import { USAGE_API } from '../../../src/api/usage-management/representation';
import { usageEvent } from '../../../src/events/usage-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';

export const RateInput = z.object({ collectionId: z.string().min(1).nullable(), cycleId: z.string().min(1) });
export const RateOutput = z.object({ cycleId: z.string(), rated: z.number().int(), chargeMinor: z.number().int() });

/**
 * 1.B.2.5.2 Rate Usage Records — rate the mediated records against the catalog's tariffs (per
 * unit, tiers, time of day, allowances), for the billing cycle.
 */
export function createRateUsageRecords(ports: Pick<Ports, 'usage' | 'eventSubscriptions'>) {
  return defineProcess({ etomId: '1.B.2.5.2', input: RateInput, output: RateOutput }, async (input, call) => {
    const rated = await ports.usage.rate(call.idempotencyKey, input, (n) => call.heartbeat({ rated: n }), usageEvent);
    // Records posted through TMF635 published their UsageStateChangeEvent with the rating.
    await wakeEventDelivery(ports.eventSubscriptions, USAGE_API);
    return { cycleId: input.cycleId, ...rated };
  });
}
