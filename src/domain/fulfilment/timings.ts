import { msToNumber } from '@temporalio/common/lib/time';
import { z } from 'zod';

/**
 * A duration as people write it ('90 seconds', '2 days') or milliseconds; parsed at the
 * boundary into milliseconds, so workflow code only ever sees numbers.
 */
export const Duration = z.union([z.string().min(1), z.number().int().nonnegative()]).transform((value, ctx) => {
  try {
    return msToNumber(value as Parameters<typeof msToNumber>[0]);
  } catch {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a duration (e.g. '2 days', '90 seconds')` });
    return z.NEVER;
  }
});
export type Duration = z.input<typeof Duration>;

/**
 * Every long wait of the fulfilment flow. Real deployments keep the defaults (days); tests
 * and the demo shorten them, so the same workflow code runs in seconds.
 */
export const FulfilmentTimings = z.object({
  /** How long an inventory reservation is held before it is released unconfirmed (1.F.3.2.1). */
  reservationHold: Duration.prefault('2 days'),
  /** How long before the committed date an order is declared in jeopardy (1.F.1.5.4). */
  jeopardyMargin: Duration.prefault('1 day'),
  /** How often S/PRM asks a silent supplier for the status of a requisition (1.F.4.2.3). */
  supplierPollInterval: Duration.prefault('1 day'),
  /** How long S/PRM waits for a delivery past its promised date before giving up (1.F.4.2.3). */
  supplierDeliveryGrace: Duration.prefault('14 days'),
  /** How long an on-site work order may stay open before it is escalated (1.F.2.2.3). */
  workOrderTimeout: Duration.prefault('5 days'),
});
export type FulfilmentTimings = z.output<typeof FulfilmentTimings>;
export type FulfilmentTimingsInput = z.input<typeof FulfilmentTimings>;

/** Timings the demo uses: the whole flow, suppliers included, in a few seconds. */
export const DEMO_TIMINGS: FulfilmentTimingsInput = {
  reservationHold: '1 minute',
  jeopardyMargin: 0,
  supplierPollInterval: '2 seconds',
  supplierDeliveryGrace: '30 seconds',
  workOrderTimeout: '1 minute',
};
