import { z } from 'zod';
import { LIMITS } from '../limits';
import { ResourceTroubleUpdate } from './messages';

const Id = z.string().min(1).max(LIMITS.id);

/** Alarm ids a new root cause carries as a sample (the store has them all). */
export const ROOT_CAUSE_ALARM_SAMPLE = 10;

/**
 * A root cause that survey & analysis (1.A.3.3.1) found in the alarm list: each becomes a
 * resource trouble report that the surveillance workflow starts.
 */
export const RootCauseFound = z.object({
  troubleId: Id,
  resourceId: Id,
  probableCause: z.string(),
  alarmCount: z.number().int().nonnegative(),
  alarmIds: z.array(Id).max(ROOT_CAUSE_ALARM_SAMPLE),
  reason: z.string(),
});
export type RootCauseFound = z.infer<typeof RootCauseFound>;

/** A service a resource trouble touches, and the service problem SM&O follows it in. */
export const ServiceToReport = z.object({
  serviceId: Id,
  customerId: Id,
  serviceProblemId: Id,
  /** The SM&O workflow to signal: started by this trouble for origin alarm, the requester otherwise. */
  workflowId: Id,
});

/** What Report Resource Trouble (1.A.3.3.5) tells Service Problem Management, and whom. */
export const ResourceTroubleReport = z.object({
  update: ResourceTroubleUpdate,
  /** With `new`: the services to open a service problem for; with `stateChange`: those to tell. */
  services: z.array(ServiceToReport),
});
export type ResourceTroubleReport = z.infer<typeof ResourceTroubleReport>;
