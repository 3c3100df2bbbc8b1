import type { ServiceOrderRun } from './run';

/**
 * What the orders that change a service in place (modify, suspend, resume) share: the resource
 * order they hand RM&O for it, less its id, action and what it carries of the change.
 */
export const resourceOrderFor = (o: ServiceOrderRun, serviceId: string) => ({
  serviceOrderId: o.serviceOrderId,
  serviceId,
  customerId: o.req.customerId,
  region: o.req.region,
  needs: [],
  timings: o.req.timings,
});

/** RM&O's resource order ended failed: it undid its own part, nothing of it is left to undo. */
export class RmoRefused extends Error {}
