import { CancellationScope, patched, workflowInfo } from '@temporalio/workflow';
import type { Characteristics } from '../../src/domain/fulfilment/product-order';
import type {
  ServiceFeasibility,
  ServiceOrderRequest,
  ServiceOrderResult,
} from '../../src/domain/fulfilment/service-order';
import { resourceAvailabilityId } from '../rmo/resource-provisioning';
import { type ChildExtras, childStart } from '../shared/child';
import { cease } from './service-order/cease';
import { checkResources } from './service-order/check-resources';
import { modify } from './service-order/modify';
import { provide } from './service-order/provide';
import { suspendOrResume } from './service-order/suspend-resume';
import { openServiceOrder, smo, smoReads } from './service-order/run';
import { ServiceOrderRequest as ServiceOrderRequestContract } from '../../src/domain/fulfilment/service-order';
import { validInput } from '../shared/valid-input';
import { ServiceFeasibilityInput as ServiceFeasibilityInputContract } from '../../src/domain/workflow-inputs';

/**
 * Service Configuration & Activation (1.F.2.2), the SM&O side of fulfilment: one service order
 * per customer-facing service, started by Order Handling. The solution is designed from what
 * RM&O has (1.F.2.2.1), the service's identifiers allotted (1.F.2.2.2), its resources reserved
 * by RM&O, the technician and the suppliers set to work (1.F.2.2.3); once their work is in,
 * RM&O configures the resources, and the service is implemented (1.F.2.2.4), tested end to end
 * (1.F.2.2.5) — back to implementation, then to design, when it fails — and activated
 * (1.F.2.2.6). A permanent failure or a cancellation undoes, newest first, what was done
 * (workflows/smo/service-order/provide.ts has the steps).
 */

/** What Order Handling asks before it issues anything: a service, where, with what. */
export interface ServiceFeasibilityInput {
  cfsSpecId: string;
  region: string;
  characteristics: Characteristics;
}

/** The run that assesses one service of one order item (CRM 1.F.1.5.1 asks). */
export const serviceFeasibilityId = (productOrderId: string, itemId: string, cfsSpecId: string): string =>
  `${productOrderId}/feasibility/${itemId}/${cfsSpecId}`;

/** How Order Handling asks SM&O: on SM&O's task queue, typed by the workflow itself. */
export const serviceFeasibilityStart = (workflowId: string, input: ServiceFeasibilityInput, extras?: ChildExtras) =>
  childStart<typeof serviceFeasibility>('smo', workflowId, [input], extras);

/** The run that ceases the service a completed service order delivered. */
export const serviceOrderCeaseId = (serviceOrderId: string): string => `${serviceOrderId}/cease`;

/** How Order Handling starts a service order (or its cease): on SM&O's task queue. */
export const serviceOrderStart = (workflowId: string, request: ServiceOrderRequest, extras?: ChildExtras) =>
  childStart<typeof serviceOrder>('smo', workflowId, [request], extras);

/**
 * From this patch on, feasibility's plan and assessment (1.F.2.2.1, which only read) run as
 * local activities. Runs made before it schedule them as activities, as they did.
 */
export const FEASIBILITY_READS_LOCALLY = 'feasibility-reads-locally';

/** Pre-order (CRM 1.F.1.5.1 asks): could this service be delivered there? Nothing is reserved. */
export async function serviceFeasibility(input: ServiceFeasibilityInput): Promise<ServiceFeasibility> {
  validInput(ServiceFeasibilityInputContract, input);
  const askedBy = workflowInfo().workflowId;
  const design = patched(FEASIBILITY_READS_LOCALLY) ? smoReads : smo;
  const availability = await checkResources(input.cfsSpecId, input.region, resourceAvailabilityId(askedBy), design);
  const { feasibility } = await design.designSolution({ action: 'assess', ...input, availability });
  // Returned with the assessment: Order Handling hands it on to the service order's design.
  return { ...feasibility, availability };
}

/** One service order: a new service provided, or an existing one modified, ceased, suspended or resumed. */
export async function serviceOrder(req: ServiceOrderRequest): Promise<ServiceOrderResult> {
  validInput(ServiceOrderRequestContract, req);
  const order = openServiceOrder(req);
  const run = { add: provide, modify, delete: cease, suspend: suspendOrResume, resume: suspendOrResume }[req.action];
  return CancellationScope.nonCancellable(() => run(order));
}
