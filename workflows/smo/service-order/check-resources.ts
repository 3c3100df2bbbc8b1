import { executeChild } from '@temporalio/workflow';
import type { ResourceAvailability } from '../../../src/domain/fulfilment/resource-order';
import { resourceAvailability, resourceAvailabilityStart } from '../../rmo/resource-provisioning';
import { smo } from './run';

/** RM&O's answer on the resources a service would take: nothing is reserved. */
export async function checkResources(
  cfsSpecId: string,
  region: string,
  workflowId: string,
  design: Pick<typeof smo, 'designSolution'> = smo,
): Promise<ResourceAvailability> {
  const plan = await design.designSolution({ action: 'plan', cfsSpecId });
  // A service made of identifiers only takes nothing from RM&O: there is nothing to ask.
  if (plan.resourceNeeds.length === 0) return { region, lines: [] };
  return executeChild(
    resourceAvailability,
    resourceAvailabilityStart(workflowId, { region, needs: plan.resourceNeeds }),
  );
}
