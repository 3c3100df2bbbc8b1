import { type Client, WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import { TmfRequestError } from '../contracts/tmf-error';
import { ProductOrderRequest, type ProductOrderRequestInput } from '../domain/fulfilment/product-order';
import { taskQueueFor } from '../layers';
import type { productOrder } from '../../workflows/crm/order-handling';

/**
 * The northbound entry of Order Handling (what a TMF622 POST /productOrder does): validate the
 * order at the boundary, then start its workflow under the order's external id. Submitting
 * the same order twice — while it runs or after it ended — yields the one order it started.
 */
export async function submitProductOrder(
  client: Client,
  order: ProductOrderRequestInput,
  opts: { taskQueuePrefix?: string } = {},
): Promise<WorkflowHandle<typeof productOrder>> {
  const parsed = ProductOrderRequest.safeParse(order);
  if (!parsed.success) throw TmfRequestError.fromZod('Invalid product order', parsed.error);
  return startProductOrder(client, parsed.data, opts);
}

/**
 * Starts the order's workflow as it is, under its external id: Order Handling (1.F.1.5.3)
 * validates it and rejects what the business cannot fulfil. The TMF622 API starts orders this
 * way, because a body that is valid against the specification is an order, even one the
 * business will refuse. Starting the same order again yields the one order it started.
 */
export async function startProductOrder(
  client: Client,
  request: ProductOrderRequestInput,
  opts: { taskQueuePrefix?: string } = {},
): Promise<WorkflowHandle<typeof productOrder>> {
  try {
    return await client.workflow.start<typeof productOrder>('productOrder', {
      workflowId: request.externalId,
      taskQueue: taskQueueFor('crm', opts.taskQueuePrefix),
      args: [request],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        // An order without a customer is still started, to be rejected by Order Handling.
        ...(request.customerId
          ? [{ key: { name: 'EtomCustomerId', type: 'KEYWORD' as const }, value: request.customerId }]
          : []),
        { key: { name: 'EtomState', type: 'KEYWORD' }, value: 'acknowledged' },
        { key: { name: 'EtomProcess', type: 'KEYWORD' }, value: '1.F.1.5' },
        { key: { name: 'EtomLayer', type: 'KEYWORD' }, value: 'CRM' },
      ],
    });
  } catch (err) {
    // The order already ran to its end: it is still the same order.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return client.workflow.getHandle(request.externalId);
    throw err;
  }
}
