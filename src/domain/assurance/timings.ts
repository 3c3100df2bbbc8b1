import { z } from 'zod';
import { Duration } from '../fulfilment/timings';

/**
 * Every wait of the assurance flows. Real deployments keep the defaults; tests and the demo
 * shorten them so the same workflow code runs in seconds.
 */
export const AssuranceTimings = z.object({
  /** Restoration committed to the customer when SM&O gives no estimate (1.A.2.3.1). */
  restorationTarget: Duration.prefault('4 hours'),
  /** How long before the restoration deadline CRM escalates a ticket still open (1.A.1.6.3). */
  escalationMargin: Duration.prefault('1 hour'),
  /** How long CRM waits for the customer to say whether the fix satisfies them (1.A.1.6.4). */
  satisfactionWait: Duration.prefault('2 days'),
  /** An alarm raised and cleared within this window is transient and suppressed (1.A.3.3.1). */
  transientWindow: Duration.prefault('30 seconds'),
  /** How long survey & analysis waits for information it expects (a clear, a parent alarm) (1.A.3.3.1). */
  missingInfoTimeout: Duration.prefault('5 minutes'),
  /** How long a technician may take on a repair before the work order is escalated (1.O.3.1.6). */
  repairTarget: Duration.prefault('4 hours'),
  /** How long a supplier has to resolve a problem before S/PRM escalates (1.A.4.3.3). */
  supplierResolutionTarget: Duration.prefault('8 hours'),
  /** How often S/PRM asks a silent supplier about a problem it reported (1.A.4.3.3). */
  supplierPollInterval: Duration.prefault('1 hour'),
});
export type AssuranceTimings = z.output<typeof AssuranceTimings>;
export type AssuranceTimingsInput = z.input<typeof AssuranceTimings>;

/** Timings the demo and the workflow tests use: every flow in seconds. */
export const DEMO_ASSURANCE_TIMINGS: AssuranceTimingsInput = {
  restorationTarget: '20 seconds',
  escalationMargin: '5 seconds',
  satisfactionWait: '3 seconds',
  transientWindow: '2 seconds',
  missingInfoTimeout: '3 seconds',
  repairTarget: '30 seconds',
  supplierResolutionTarget: '30 seconds',
  supplierPollInterval: '2 seconds',
};
