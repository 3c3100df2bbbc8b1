import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { RejectReason, UsageType } from '../../../src/domain/billing/usage';
import { USAGE_API } from '../../../src/api/usage-management/representation';
import { usageEvent } from '../../../src/events/usage-events';
import { wakeEventDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';

/** Mediate the records of one collection (or every pending one). */
export const MediateInput = z.object({ collectionId: z.string().min(1).nullable() });
/** After the reference data is fixed: rejected records of these reasons go back to mediation, and are mediated. */
export const RecycleInput = z.object({ reasons: z.array(RejectReason).min(1) });
export const MediateOutput = z.object({
  recycled: z.number().int(),
  guided: z.number().int(),
  rejected: z.partialRecord(RejectReason, z.number().int()),
  aggregates: z.array(
    z.object({ serviceId: z.string(), usageType: UsageType, records: z.number().int(), quantity: z.number().int() }),
  ),
});

/**
 * 1.B.2.5.1 Mediate Usage Records — validate and normalise the usage records RM&O distributed,
 * correlate duplicates and aggregate them by service usage type; rejected records are kept,
 * and recycled once their reference data is fixed.
 */
export function createMediateUsageRecords(ports: Pick<Ports, 'usage' | 'eventSubscriptions'>) {
  return defineProcessHandlers(
    {
      etomId: '1.B.2.5.1',
      handlers: {
        mediate: { input: MediateInput, output: MediateOutput },
        recycle: { input: RecycleInput, output: MediateOutput },
      },
    },
    {
      async mediate(input, call) {
        const progress = (mediated: number) => call.heartbeat({ mediated });
        const mediated = await ports.usage.mediate(call.idempotencyKey, input.collectionId, progress, usageEvent);
        // A record posted through TMF635 and rejected here published its UsageStateChangeEvent.
        await wakeEventDelivery(ports.eventSubscriptions, USAGE_API);
        return { recycled: 0, ...mediated };
      },
      async recycle(input, call) {
        const progress = (mediated: number) => call.heartbeat({ mediated });
        const { recycled } = await ports.usage.recycle(`${call.idempotencyKey}/recycle`, input.reasons);
        return {
          recycled,
          ...(await ports.usage.mediate(`${call.idempotencyKey}/mediate`, null, progress, usageEvent)),
        };
      },
    },
  );
}
