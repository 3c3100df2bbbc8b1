import { z } from 'zod';
import { Duration } from '../fulfilment/timings';

/**
 * Every wait of the customer lifecycle flows. Real deployments keep the defaults (days); tests
 * and the demo shorten them so the same workflow code runs in seconds.
 */
export const LifecycleTimings = z.object({
  /** How long a campaign's collateral draws responses before its leads are counted (1.F.1.3.2). */
  responseWindow: Duration.prefault('30 days'),
  /** How long a quote stays valid: no decision by then and it expires (1.F.1.4.3). */
  quoteValidity: Duration.prefault('30 days'),
  /** How long a satisfaction survey waits for the customer's answer (1.FAB.1.9.5). */
  surveyWait: Duration.prefault('7 days'),
});
export type LifecycleTimings = z.output<typeof LifecycleTimings>;
export type LifecycleTimingsInput = z.input<typeof LifecycleTimings>;

/** Timings the demo and the workflow tests use: every flow in seconds. */
export const DEMO_LIFECYCLE_TIMINGS: LifecycleTimingsInput = {
  responseWindow: '3 seconds',
  quoteValidity: '20 seconds',
  surveyWait: '20 seconds',
};
