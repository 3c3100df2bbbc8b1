import { type Client, WorkflowFailedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NON_RETRYABLE_ERROR_TYPES } from '../../contracts/errors';
import type { ProductOrderState } from '../../domain/fulfilment/product-order';
import { taskQueueFor } from '../../layers';
import type { Ports } from '../../ports';
import type { Amendment, ProductOrderView } from '../../../workflows/crm/order-handling';
import { ApiError } from '../errors';
import type { TmfSpec } from '../spec';
import { fromRecord, fromView, type Resource } from './representation';

export interface OrderDeps {
  client: Client;
  ports: Pick<Ports, 'productOrders' | 'clock'>;
  spec: TmfSpec;
  taskQueuePrefix?: string;
}

/** The message of the innermost cause: the reason a process gave, not the layers it crossed. */
function innermost(err: unknown): { message: string; type?: string } {
  let e = err as { cause?: unknown; message?: string } | undefined;
  while (e?.cause) e = e.cause as typeof e;
  return {
    message: e?.message ?? String(err),
    type: e instanceof ApplicationFailure ? (e.type ?? undefined) : undefined,
  };
}

/** How a closed workflow that did not return its order reads in TMF622 terms. */
async function endedOrder(handle: ReturnType<Client['workflow']['getHandle']>, status: string) {
  if (status === 'CANCELLED') return { state: 'cancelled' as const, reason: 'the order workflow was cancelled' };
  if (status !== 'FAILED')
    return { state: 'failed' as const, reason: `the order workflow was ${status.toLowerCase()}` };
  const err = await handle.result().then(
    () => undefined,
    (e: unknown) => e,
  );
  const cause = innermost(err instanceof WorkflowFailedError ? err.cause : err);
  // A business refusal before the order was recorded (e.g. an unknown party): TMF622 `rejected`.
  const business = cause.type !== undefined && NON_RETRYABLE_ERROR_TYPES.includes(cause.type);
  return { state: (business ? 'rejected' : 'failed') as ProductOrderState, reason: cause.message };
}

/**
 * Product orders as TMF622 shows them. The store is the record once Order Handling has
 * received the order; before that (or when it refused the order on receipt, which records
 * nothing) the order's workflow answers for it.
 */
export function createProductOrders(deps: OrderDeps) {
  const { client, ports, spec } = deps;
  const crmQueue = taskQueueFor('crm', deps.taskQueuePrefix);

  async function read(id: string): Promise<Resource | undefined> {
    const record = await ports.productOrders.get(id);
    if (record) return fromRecord(spec, record);
    const handle = client.workflow.getHandle(id);
    const description = await handle.describe().catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    });
    // Only this deployment's product orders: an id may name another kind of workflow.
    if (!description || description.type !== 'productOrder' || description.taskQueue !== crmQueue) return undefined;
    const at = (description.closeTime ?? description.startTime).toISOString();
    const view = await handle.query<ProductOrderView>('getProductOrder').catch(() => undefined);
    const status = description.status.name;
    if (status === 'RUNNING' || status === 'COMPLETED' || status === 'CONTINUED_AS_NEW') {
      return view ? fromView(spec, view, at) : undefined;
    }
    const ended = await endedOrder(handle, status);
    const base: ProductOrderView = view ?? {
      orderId: id,
      customerId: '',
      state: ended.state,
      reason: null,
      currentProcess: null,
      committedDate: null,
      jeopardies: [],
      items: [],
    };
    const items = base.items.map((i) => ({ ...i, state: ended.state === 'partial' ? 'failed' : ended.state }));
    return fromView(spec, { ...base, ...ended, items } as ProductOrderView, at);
  }

  async function mustRead(id: string): Promise<Resource> {
    const order = await read(id);
    if (!order) throw ApiError.notFound(`no product order ${id}`);
    return order;
  }

  /**
   * Runs one of the order workflow's Updates. Its refusal (the validator's reason) is a 409:
   * the order's state does not allow the move. A workflow that has ended takes no Update.
   */
  async function update(id: string, name: 'amendProductOrder', args: [Amendment]): Promise<ProductOrderView>;
  async function update(id: string, name: 'cancelProductOrder', args: [{ reason: string }]): Promise<ProductOrderView>;
  async function update(id: string, name: string, args: unknown[]): Promise<ProductOrderView> {
    try {
      return await client.workflow
        .getHandle(id)
        .executeUpdate<ProductOrderView, [unknown]>(name, { args: args as [unknown] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw ApiError.conflict(innermost(err.cause).message);
      if (err instanceof WorkflowNotFoundError) {
        const order = await mustRead(id);
        const verb = name === 'cancelProductOrder' ? 'cancelled' : 'amended';
        throw ApiError.conflict(`order ${id} is ${String(order['state'])}: it can no longer be ${verb}`);
      }
      throw err;
    }
  }

  return { read, mustRead, update };
}
export type ProductOrders = ReturnType<typeof createProductOrders>;
