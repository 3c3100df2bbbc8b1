import { z } from 'zod';
import { LIMITS } from '../limits';
import { ResourceNeed } from '../fulfilment/resource-order';
import { WorkOrderRequest } from './messages';

const Id = z.string().min(1).max(LIMITS.id);

/**
 * One task of a service problem's resolution plan (1.A.2.3.3), and who carries it out: the
 * serviceProblem workflow starts or awaits the process each kind names.
 */
export const PlanTask = z.discriminatedUnion('kind', [
  /** A fault at the customer's premises: a technician on site (RM&O 1.O.3.1.6). */
  z.object({
    kind: z.literal('workOrder'),
    workOrder: WorkOrderRequest.omit({ timings: true }),
    resourceId: Id,
  }),
  /** A fault on our network: restoration request to RM&O (1.A.3.3). */
  z.object({ kind: z.literal('resourceTrouble'), troubleId: Id, resourceId: Id, description: z.string() }),
  /** RM&O already works the trouble that raised this problem: wait for its word. */
  z.object({ kind: z.literal('awaitResourceTrouble'), troubleId: Id, resourceId: Id }),
  /** A supplier's product failed: report it to S/PRM (1.A.4.3). */
  z.object({
    kind: z.literal('partnerProblem'),
    partnerProblemId: Id,
    supplierId: Id,
    requisitionId: Id,
    resourceId: Id,
    description: z.string(),
  }),
  /** The service's configuration is wrong on the network: service activation applies it again. */
  z.object({ kind: z.literal('reconfigure') }),
  /**
   * The service misses the QoS it was designed to on working elements: RM&O adds the capacity
   * and configures it for the service (a resource order, 1.F.3.2.1–1.F.3.2.2).
   */
  z.object({
    kind: z.literal('resourceOrder'),
    resourceOrderId: Id,
    region: Id,
    needs: z.array(ResourceNeed).min(1),
    reason: z.string(),
  }),
  /** Nothing is broken: the customer is told how to use the service. */
  z.object({ kind: z.literal('advise'), advice: z.string() }),
]);
export type PlanTask = z.infer<typeof PlanTask>;
