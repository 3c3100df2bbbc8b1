import type { Ports } from '../../ports';
import type { TmfSpec } from '../spec';
import { orderHref, type Resource } from './representation';

/**
 * TMF622 CancelProductOrder. A product order is cancelled at most once, so its cancellation
 * has the order's id. The cancellation is a task: inProgress while the order is assessed
 * (assessingCancellation, pendingCancellation), done once the order is cancelled, and
 * terminatedWithError when the order ended otherwise.
 */
export type CancellationTask = 'acknowledged' | 'inProgress' | 'done' | 'terminatedWithError';

export function taskState(orderState: string): CancellationTask {
  if (orderState === 'cancelled') return 'done';
  if (orderState === 'assessingCancellation' || orderState === 'pendingCancellation') return 'inProgress';
  return 'terminatedWithError';
}

export const cancellationHref = (spec: TmfSpec, id: string) =>
  `${spec.basePath}/cancelProductOrder/${encodeURIComponent(id)}`;

export function cancellation(
  spec: TmfSpec,
  c: { orderId: string; orderState: string; reason: string | null; requestedAt: string; cancelledAt: string | null },
): Resource {
  return {
    id: c.orderId,
    href: cancellationHref(spec, c.orderId),
    state: taskState(c.orderState),
    ...(c.reason ? { cancellationReason: c.reason } : {}),
    requestedCancellationDate: c.requestedAt,
    ...(c.cancelledAt ? { effectiveCancellationDate: c.cancelledAt } : {}),
    productOrder: { id: c.orderId, href: orderHref(spec, c.orderId), '@referredType': 'ProductOrder' },
    '@type': 'CancelProductOrder',
    '@baseType': 'CancelProductOrder',
    '@schemaLocation': spec.schemaLocation('CancelProductOrder'),
  };
}

/** The cancellation of an order, read from the order's recorded state changes. */
export async function readCancellation(
  spec: TmfSpec,
  ports: Pick<Ports, 'productOrders'>,
  orderId: string,
): Promise<Resource | undefined> {
  const order = await ports.productOrders.get(orderId);
  if (!order) return undefined;
  const history = (await ports.productOrders.history(orderId)).filter((h) => h.itemId === null);
  const asked = history.find((h) => h.to === 'assessingCancellation');
  if (!asked) return undefined;
  const cancelled = history.find((h) => h.to === 'cancelled');
  return cancellation(spec, {
    orderId,
    orderState: order.state,
    reason: asked.reason,
    requestedAt: asked.at,
    cancelledAt: cancelled?.at ?? null,
  });
}
