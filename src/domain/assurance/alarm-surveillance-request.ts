import { z } from 'zod';
import { LIMITS } from '../limits';
import { AssuranceTimings } from './timings';

/** Input of RM&O `alarmSurveillance` (1.A.3.3.1): started by alarm ingest, continued as new with what it carries. */
export const AlarmSurveillanceRequest = z.object({
  timings: AssuranceTimings,
  /** Root cause and resource trouble ids: `${troubleIdPrefix}-000001`… */
  troubleIdPrefix: z.string().min(1).max(64).default('RT'),
  /** Start a `resourceTrouble` per root cause (false: only record them, as the benchmark does). */
  startTroubles: z.boolean().default(true),
  /** Batches one run handles before it continues as new (history stays small). */
  batchesPerRun: z.number().int().positive().max(10_000).default(100),
  /** What the previous run hands over when continuing as new. */
  carried: z
    .object({
      pending: z.array(z.object({ batchId: z.string().max(LIMITS.id), count: z.number().int().nonnegative() })),
      recheckInMs: z.number().int().nonnegative().nullable(),
      totals: z.record(z.string(), z.number()),
    })
    .optional(),
});
export type AlarmSurveillanceRequest = z.output<typeof AlarmSurveillanceRequest>;
export type AlarmSurveillanceRequestInput = z.input<typeof AlarmSurveillanceRequest>;
