import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { LRUCache } from 'lru-cache';
import { isTerminalOrderState } from '../../domain/fulfilment/product-order-lifecycle';
import { taskQueueFor } from '../../layers';
import type { Ports } from '../../ports';
import type { Amendment, ProductOrderView } from '../../../workflows/crm/order-handling';
import { ApiError } from '../errors';
import { answersForItself, closedOrder, innermost, orderWorkflow } from '../order-workflow';
import type { TmfSpec } from '../spec';
import { fromRecord, fromView, type Resource } from './representation';

/** How many settled orders' representations a server keeps (about 1 KB each). */
const SETTLED_KEPT = 5_000;

export interface OrderDeps {
  client: Client;
  ports: Pick<Ports, 'productOrders' | 'clock'>;
  spec: TmfSpec;
  taskQueuePrefix?: string;
}

/**
 * Product orders as TMF622 shows them. The store is the record once Order Handling has
 * received the order; before that (or when it refused the order on receipt, which records
 * nothing) the order's workflow answers for it.
 */
export function createProductOrders(deps: OrderDeps) {
  const { client, ports, spec } = deps;
  const crmQueue = taskQueueFor('crm', deps.taskQueuePrefix);
  // Settled orders: closed, and no workflow of this deployment runs them any more. Only the
  // order's own workflow writes its record, so a settled order's representation no longer
  // changes and each server keeps the ones it has read (bounded), sparing their GETs the store.
  const settled = new LRUCache<string, Resource>({ max: SETTLED_KEPT });

  /** True when no running `productOrder` workflow of this deployment can still write order `id`. */
  async function workflowEnded(id: string): Promise<boolean> {
    const found = await orderWorkflow(client, id, 'productOrder', crmQueue).catch(() => null);
    // Temporal unreachable (null): not known to have ended, so not kept.
    if (found === null) return false;
    return found === undefined || found.description.status.name !== 'RUNNING';
  }

  async function read(id: string): Promise<Resource | undefined> {
    const kept = settled.get(id);
    if (kept) return kept;
    const record = await ports.productOrders.get(id);
    if (record) {
      const order = fromRecord(spec, record);
      if (isTerminalOrderState(record.state) && (await workflowEnded(id))) settled.set(id, order);
      return order;
    }
    const found = await orderWorkflow(client, id, 'productOrder', crmQueue);
    if (!found) return undefined;
    const { handle, description } = found;
    const at = (description.closeTime ?? description.startTime).toISOString();
    const view = await handle.query<ProductOrderView>('getProductOrder').catch(() => undefined);
    const status = description.status.name;
    if (answersForItself(status)) return view ? fromView(spec, view, at) : undefined;
    const ended = await closedOrder(handle, status);
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
    const items = base.items.map((i) => ({ ...i, state: ended.state }));
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
