import { createHash } from 'node:crypto';
import { type Client, WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import stringify from 'safe-stable-stringify';
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
      // A running order with this id is answered below: the same order again, or a conflict.
      workflowIdConflictPolicy: 'FAIL',
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
      memo: { [CONTENT_MEMO]: contentDigest(request) },
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    // The id names an order already started (running or ended): the same content is the same
    // order; other content under its id is another order, refused rather than silently dropped.
    if (await differsFromStarted(client, request)) throw new OrderConflictError(request.externalId);
    return client.workflow.getHandle(request.externalId);
  }
}

/** Another order's content under an id already taken. */
export class OrderConflictError extends Error {
  constructor(readonly orderId: string) {
    super(`order ${orderId} was already placed with other content: place this one under another externalId`);
    this.name = 'OrderConflictError';
  }
}

const CONTENT_MEMO = 'etomOrderContent';

/** What makes two submissions one order: the request, keys sorted, less the server's waits. */
export function contentDigest(request: ProductOrderRequestInput): string {
  const { timings: _waits, ...content } = request;
  return createHash('sha256').update(stringify(content)).digest('hex');
}

/**
 * True when the order started under `request`'s id was started with other content. An order
 * started before its content was recorded (no memo), or whose run Temporal no longer keeps,
 * cannot be told apart: it counts as the same.
 */
export async function differsFromStarted(client: Client, request: ProductOrderRequestInput): Promise<boolean> {
  const description = await client.workflow
    .getHandle(request.externalId)
    .describe()
    .catch(() => undefined);
  const recorded = description?.memo?.[CONTENT_MEMO];
  return typeof recorded === 'string' && recorded !== contentDigest(request);
}
