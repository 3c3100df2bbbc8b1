import { FulfilmentTimings } from '../../../../src/domain/fulfilment/timings';
import type { ServiceOrderRequest } from '../../../../src/domain/fulfilment/service-order';
import type { ProductOrderRequestInput } from '../../../../src/domain/fulfilment/product-order';
import { TEST_TIMINGS } from '../../../support/fulfilment';
import type { Call } from '../../shared/stubs/stub-worker';

/**
 * Order Handling's Level-3 processes (and the contact and request around the order) as plain
 * functions that record each call ("name:action") and answer as a store would for an order
 * that is valid, feasible and credit-worthy. `jeopardyInMs`: how long after the commitment the
 * committed date (less its margin) is reached.
 */
export function stubCrmActivities(opts: { jeopardyInMs: number }) {
  const calls: Call[] = [];
  const record = (name: string, input: Record<string, unknown>) =>
    calls.push({ name: typeof input['action'] === 'string' ? `${name}:${input['action']}` : name, input });
  const timings = FulfilmentTimings.parse(TEST_TIMINGS);
  let order: ProductOrderRequestInput | undefined;

  const activities = {
    async manageContact(input: Record<string, unknown>) {
      record('manageContact', input);
      return { id: 'CONTACT-1' };
    },
    async manageRequest(input: Record<string, unknown>) {
      record('manageRequest', input);
      return { request: { id: 'REQ-1' } };
    },
    async receivePurchaseOrderAndIssueOrders(input: Record<string, unknown>) {
      record('receivePurchaseOrderAndIssueOrders', input);
      const orderId = input['orderId'] as string;
      if (input['action'] === 'receive') {
        order = input['order'] as ProductOrderRequestInput;
        return {
          request: { ...order, timings },
          decomposition: order.items.map((i) => ({
            itemId: i.id,
            region: i.region,
            characteristics: i.characteristics ?? {},
            cfsSpecIds: ['CFS-FIBRE-ACCESS'],
          })),
          serviceOrders: [],
        };
      }
      const serviceOrders: ServiceOrderRequest[] = order!.items.map((i) => ({
        serviceOrderId: `${orderId}/${i.id}/SO`,
        productOrderId: orderId,
        itemId: i.id,
        customerId: order!.customerId,
        region: i.region!,
        cfsSpecId: 'CFS-FIBRE-ACCESS',
        action: 'add',
        characteristics: i.characteristics ?? {},
        timings,
      }));
      return { request: null, decomposition: [], serviceOrders };
    },
    async determineCustomerOrderFeasibility(input: Record<string, unknown>) {
      record('determineCustomerOrderFeasibility', input);
      return { feasible: true, items: [] };
    },
    async authorizeCredit(input: Record<string, unknown>) {
      record('authorizeCredit', input);
      return { authorized: true, reason: null };
    },
    async trackAndManageCustomerOrderHandling(input: Record<string, unknown>) {
      record('trackAndManageCustomerOrderHandling', input);
      const committedDate = new Date(Date.now() + opts.jeopardyInMs + timings.jeopardyMargin).toISOString();
      switch (input['action']) {
        case 'commit':
          return { order: { committedDate }, jeopardyAt: new Date(Date.now() + opts.jeopardyInMs).toISOString() };
        case 'jeopardy':
          return { jeopardyId: 'JEOP-1' };
        default:
          return {};
      }
    },
    async completeCustomerOrder(input: Record<string, unknown>) {
      record('completeCustomerOrder', input);
      return { order: { state: 'completed', stateReason: null }, billingAccountId: 'BA-1', products: [] };
    },
  };
  return { activities, calls, names: () => calls.map((c) => c.name) };
}
