import { z } from 'zod';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { ServiceProblemUpdate } from '../../../src/domain/assurance/messages';
import type { Ports } from '../../../src/ports';
import type { ServiceElement, ServiceProblem } from '../../../src/ports/service-problems';

/**
 * The service problem every process of Service Problem Management (1.A.2.3) works on: found
 * (or refused as NotFound), its elements tested on the network, and each step worded as the
 * update CRM receives.
 */

export const Id = z.string().min(1);

/** A test on the network: of the service end to end, or of one element it runs on. */
export const Test = z.object({
  target: z.string(),
  passed: z.boolean(),
  measurements: z.record(z.string(), z.number()),
  detail: z.string(),
});

export const problemOf = async (serviceProblems: Ports['serviceProblems'], id: string) =>
  (await serviceProblems.get(id)) ?? reject(BusinessErrorType.NotFound, `no service problem ${id}`);

/** The update CRM receives of a step of the problem: which process, what it did, where the problem stands. */
export const updateFor = (
  p: ServiceProblem,
  process: string,
  detail: string,
  state = p.state,
): z.input<typeof ServiceProblemUpdate> => ({
  serviceProblemId: p.id,
  state,
  estimatedRestoration: p.estimatedRestoration,
  process,
  detail,
});

/** Each element's own test, in the order the service runs on them. */
export const elementTests = async (network: Ports['networkActivation'], elements: ServiceElement[]) =>
  Promise.all(elements.map(async (e) => ({ element: e, test: await network.testResource(e.resourceId) })));

/**
 * The elements at fault, seen from a customer's failing elements: where the equipment an element
 * sits in (a port's card) fails its own self-test too, the fault is the equipment's, and every
 * service under it shares it.
 */
export async function sharedFaults(network: Ports['networkActivation'], failing: ServiceElement[]) {
  const out: string[] = [];
  for (const e of failing) {
    const above = e.parentId && !(await network.diagnose(e.parentId)).passed ? e.parentId : null;
    out.push(above ?? e.resourceId);
  }
  return [...new Set(out)];
}
