import { condition, defineSignal, setHandler } from '@temporalio/workflow';
import type {
  ServiceFeasibility,
  ServiceOrderRequest,
  ServiceOrderResult,
} from '../../../../src/domain/fulfilment/service-order';
import type { ServiceFeasibilityInput } from '../../../../workflows/smo/service-configuration-activation';

/**
 * The real product order, and stubs of the SM&O children it starts (registered under the same
 * names): every service is feasible, and a service order stays in progress until the test
 * tells it to finish, so the order's jeopardy timer fires while it runs.
 */
export { productOrder } from '../../../../workflows/crm/order-handling';

/** Test → stub service order: SM&O has delivered the service. */
export const finishStubServiceOrderSignal = defineSignal('finishStubServiceOrder');

export async function serviceFeasibility(input: ServiceFeasibilityInput): Promise<ServiceFeasibility> {
  return { cfsSpecId: input.cfsSpecId, region: input.region, feasible: true, reasons: [], supplierComponents: [] };
}

export async function serviceOrder(req: ServiceOrderRequest): Promise<ServiceOrderResult> {
  let finished = false;
  setHandler(finishStubServiceOrderSignal, () => void (finished = true));
  await condition(() => finished);
  return {
    serviceOrderId: req.serviceOrderId,
    state: 'completed',
    serviceId: `SVC-${req.itemId}`,
    reason: null,
    parameters: {},
    resourceIds: [],
  };
}
