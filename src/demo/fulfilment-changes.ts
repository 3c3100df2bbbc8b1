import type { ProductOrderRequestInput } from '../domain/fulfilment/product-order';
import { DEMO_TIMINGS } from '../domain/fulfilment/timings';
import { submitProductOrder } from '../fulfilment/submit';
import type { Runtime } from '../runtime/embedded';
import { traceProcesses } from '../temporal/process-trace';
import type { ProductOrderOutcome } from '../../workflows/crm/order-handling';
import type { CustomerRelationshipView } from '../../workflows/crm/retention-loyalty';
import type { DemoReporter } from './reporter';

/**
 * The rest of a product's life (#12), on the products the demo's orders delivered: most of an
 * operator's order volume is changes, and each crosses the four layers as an add does.
 *   - FIBRE's speed goes from 1000 to 500 Mbit/s (TMF622 `modify`);
 *   - VOICE moves from Paris to Lyon: one order, an `add` at the new site and a `delete` of the
 *     old product that relies on it, so the old line goes only once the new one is active;
 *   - VPN is ceased (`delete`): its final bill and its Retention & Loyalty case are in the summary.
 * Then the demo's customers cease what is left, through product orders too, so the next run on
 * this data dir starts where this one did (routers, ports and numbers back in their pools).
 */

type Delivered = Record<'FIBRE' | 'VPN' | 'VOICE', ProductOrderOutcome | undefined>;

/** The eTOM ids a flow ran, by layer, in the order each first ran. */
export function etomIdsByLayer(processes: ReadonlyArray<{ etomId: string; layer: string }>) {
  const byLayer: Record<string, string[]> = {};
  for (const p of processes) {
    const ids = (byLayer[p.layer] ??= []);
    if (!ids.includes(p.etomId)) ids.push(p.etomId);
  }
  return byLayer;
}

/**
 * The processes of the order's own flow: Retention & Loyalty, which the order hands its customer
 * to (an abandoned child, waiting days for the customer's answer), runs on its own time, so
 * its steps are shown as the hand-over (`relationships`), not as the order's.
 */
export function ownProcesses<P extends { workflowId: string }>(processes: readonly P[], outcome: ProductOrderOutcome) {
  const handedOver = outcome.relationshipWorkflowIds ?? [];
  return processes.filter((p) => !handedOver.some((id) => p.workflowId.startsWith(id)));
}

const productOf = (o: ProductOrderOutcome | undefined) => o?.products[0]?.productId;

/** One change order of the demo, as its summary shows it. */
async function place(rt: Runtime, report: DemoReporter, order: ProductOrderRequestInput) {
  const handle = await submitProductOrder(rt.client, order, { taskQueuePrefix: rt.taskQueuePrefix });
  report.step(
    `submitted ${order.externalId}: ${order.items.map((i) => `${i.action} ${i.product?.id ?? i.productOfferingId}`).join(', ')}`,
  );
  const outcome = await handle.result();
  report.step(`${outcome.orderId}: ${outcome.state}${outcome.reason ? ` (${outcome.reason})` : ''}`);
  const processes = ownProcesses(await traceProcesses(rt.client, handle.workflowId), outcome);
  return {
    workflowId: handle.workflowId,
    actions: order.items.map((i) => i.action ?? 'add'),
    state: outcome.state,
    reason: outcome.reason,
    items: outcome.items.map((i) => ({ itemId: i.itemId, action: i.action ?? 'add', state: i.state })),
    changes: (outcome.changes ?? []).map((c) => ({
      productId: c.productId,
      action: c.action,
      status: c.status,
      recurringMinor: c.recurringMinor,
    })),
    products: outcome.products.map((p) => p.productId),
    etomIdsByLayer: etomIdsByLayer(processes),
    relationships: outcome.relationshipWorkflowIds ?? [],
    outcome,
  };
}

const order = (
  externalId: string,
  customerId: string,
  items: ProductOrderRequestInput['items'],
): ProductOrderRequestInput => ({ externalId, customerId, channel: 'web', items, timings: DEMO_TIMINGS });

export async function changeDelivered(rt: Runtime, report: DemoReporter, stamp: string, delivered: Delivered) {
  const fibre = productOf(delivered.FIBRE);
  const vpn = productOf(delivered.VPN);
  const voice = productOf(delivered.VOICE);
  if (!fibre || !vpn || !voice) return { changes: [], ceased: [], finalBill: null, retention: null };

  const changes = await Promise.all([
    place(
      rt,
      report,
      order(`ORD-${stamp}-FIBRE-MODIFY`, 'CUST-1001', [
        { id: '1', action: 'modify', product: { id: fibre }, characteristics: { bandwidthMbps: 500 } },
      ]),
    ),
    place(
      rt,
      report,
      order(`ORD-${stamp}-VOICE-MOVE`, 'CUST-1006', [
        { id: '1', action: 'add', productOfferingId: 'PO-VOICE-LINE', region: 'LYO' },
        {
          id: '2',
          action: 'delete',
          product: { id: voice },
          productOrderItemRelationship: [{ id: '1', relationshipType: 'reliesOn' }],
        },
      ]),
    ),
    place(
      rt,
      report,
      order(`ORD-${stamp}-VPN-CEASE`, 'CUST-1002', [{ id: '1', action: 'delete', product: { id: vpn } }]),
    ),
  ]);
  const [, moved, ceasedVpn] = changes;

  // The cease's follow-ups: the final bill, and the case Retention & Loyalty opened.
  const finalBill = ceasedVpn!.outcome.finalBill ?? null;
  const retentionId = ceasedVpn!.outcome.relationshipWorkflowIds?.find((id) => id.includes(vpn));
  const retention = retentionId
    ? await rt.client.workflow
        .getHandle(retentionId)
        .result()
        .then((v: CustomerRelationshipView) => ({
          workflowId: retentionId,
          trigger: v.trigger,
          relationship: v.relationship,
        }))
    : null;
  if (finalBill)
    report.step(
      `final bill of ${vpn}: ${finalBill.billId} (${finalBill.lines} lines, ${finalBill.totalMinor} minor units)`,
    );

  // What is left goes back: the modified fibre and the line at its new site.
  const newVoice = moved!.outcome.products[0]?.productId;
  const left = [
    ['FIBRE', 'CUST-1001', fibre],
    ...(newVoice ? [['VOICE', 'CUST-1006', newVoice]] : [['VOICE', 'CUST-1006', voice]]),
  ] as const;
  const ceased = await Promise.all(
    left.map(([name, customerId, productId]) =>
      place(
        rt,
        report,
        order(`ORD-${stamp}-${name}-CEASE`, customerId, [{ id: '1', action: 'delete', product: { id: productId } }]),
      ),
    ),
  );
  const shown = ({ outcome: _, ...rest }: Awaited<ReturnType<typeof place>>) => rest;
  return { changes: changes.map(shown), ceased: ceased.map(shown), finalBill, retention };
}
