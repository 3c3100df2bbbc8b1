import type { Client } from '@temporalio/client';
import { DEMO_TIMINGS } from '../src/domain/fulfilment/timings';
import type { ProductOrderRequestInput } from '../src/domain/fulfilment/product-order';
import { submitProductOrder } from '../src/fulfilment/submit';
import type { Run } from './fulfilment-latency';

/**
 * The order mix of #12: an operator's volume is mostly changes, so the benchmark's orders are a
 * product's life — one business fibre added, its speed changed (TMF622 `modify`), then ceased
 * (`delete`). Each chain runs the three in turn; chains run side by side.
 */
export const ORDER_KINDS = ['add', 'modify', 'delete'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** `--mix add` keeps the add-only benchmark of earlier figures; the default is the whole life. */
export function parseMix(value: string | undefined): OrderKind[] {
  const kinds = (value ?? ORDER_KINDS.join(',')).split(',').map((k) => k.trim());
  const bad = kinds.filter((k) => !(ORDER_KINDS as readonly string[]).includes(k));
  if (bad.length || kinds[0] !== 'add')
    throw new Error(`--mix takes add[,modify][,delete] in that order (got ${value})`);
  return kinds as OrderKind[];
}

export interface LifecycleRun extends Run {
  kind: OrderKind;
}

/** Places the orders of one chain, each timed from its submission to its result. */
export function lifecycleOrders(opts: {
  client: Client;
  taskQueuePrefix: string;
  customerId: string;
  region: string;
  mix: readonly OrderKind[];
  nextId(): string;
}) {
  const { client, taskQueuePrefix, customerId, region } = opts;
  const place = async (kind: OrderKind, item: ProductOrderRequestInput['items'][number]) => {
    const t0 = performance.now();
    const handle = await submitProductOrder(
      client,
      { externalId: opts.nextId(), customerId, items: [item], timings: DEMO_TIMINGS },
      { taskQueuePrefix },
    );
    const outcome = await handle.result();
    if (outcome.state !== 'completed')
      throw new Error(`bench ${kind} order ${handle.workflowId} ended ${outcome.state}: ${outcome.reason}`);
    return { run: { kind, ms: performance.now() - t0, workflowId: handle.workflowId }, outcome };
  };

  /** One product's life, as far as the mix goes. */
  return async function chain(): Promise<LifecycleRun[]> {
    const added = await place('add', {
      id: '1',
      productOfferingId: 'PO-FIBRE-BIZ',
      region,
      characteristics: { bandwidthMbps: 1000 },
    });
    const runs = [added.run];
    const productId = added.outcome.products[0]?.productId;
    if (!productId) throw new Error(`bench add ${added.run.workflowId} made no product`);
    if (opts.mix.includes('modify'))
      runs.push(
        (
          await place('modify', {
            id: '1',
            action: 'modify',
            product: { id: productId },
            characteristics: { bandwidthMbps: 500 },
          })
        ).run,
      );
    if (opts.mix.includes('delete'))
      runs.push((await place('delete', { id: '1', action: 'delete', product: { id: productId } })).run);
    return runs;
  };
}
