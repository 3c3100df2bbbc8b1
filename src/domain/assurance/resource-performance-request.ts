import { z } from 'zod';
import { LIMITS } from '../limits';
import { AssuranceTimings } from './timings';

const Id = z.string().min(1).max(LIMITS.id);
const Instant = z.iso.datetime();

/** What Resource Performance Management (1.A.3.4) watches: a region, or a set of elements. */
export const PerformanceScope = {
  /** Every watched element of the region… */
  region: Id.optional(),
  /** …or exactly these elements. */
  resourceIds: z.array(Id).max(200).optional(),
};
export const hasScope = (s: { region?: string; resourceIds?: string[] }) => !!s.region || !!s.resourceIds?.length;

/** The period whose readings are examined. */
export const PerformancePeriod = { periodStart: Instant, periodEnd: Instant };
const isPeriod = (p: { periodStart: string; periodEnd: string }) => Date.parse(p.periodStart) < Date.parse(p.periodEnd);

/** Input of RM&O `resourcePerformance` (1.A.3.4): one region (or set of elements), one period. */
export const ResourcePerformanceRequest = z
  .object({
    ...PerformanceScope,
    ...PerformancePeriod,
    /** Readings collected over the period, evenly spaced from its start. */
    samplesPerPeriod: z.number().int().min(4).max(288).default(24),
    /** How many recent readings the trend is fitted on (1.A.3.4.2). */
    trendWindow: z.number().int().min(3).max(288).default(12),
    /** How far ahead a predicted crossing raises an early warning. */
    warningHorizonMinutes: z.number().int().positive().default(240),
    /** Periods to run, this one included, each after the previous (null: until stopped). */
    periods: z.number().int().positive().nullable().default(1),
    timings: AssuranceTimings,
  })
  .refine(hasScope, 'a region or resource ids')
  .refine(isPeriod, 'the period must end after it starts');
export type ResourcePerformanceRequest = z.output<typeof ResourcePerformanceRequest>;
export type ResourcePerformanceRequestInput = z.input<typeof ResourcePerformanceRequest>;
