import type { ProductOrderRequestInput } from '../domain/fulfilment/product-order';
import { DEMO_TIMINGS, FulfilmentTimings } from '../domain/fulfilment/timings';
import { submitProductOrder } from '../fulfilment/submit';
import type { Runtime } from '../runtime/embedded';
import { traceProcesses } from '../temporal/process-trace';
import type { ProductOrderView } from '../../workflows/crm/order-handling';
import { taskQueueFor } from '../layers';
import type { ServiceOrderRequest, ServiceOrderResult } from '../domain/fulfilment/service-order';
import type { DemoReporter } from './reporter';
import { changeDelivered, etomIdsByLayer, ownProcesses } from './fulfilment-changes';

/** The sample orders: three products across the four layers, and one the credit check stops. */
export function sampleOrders(stamp: string): ProductOrderRequestInput[] {
  const order = (id: string, customerId: string, productOfferingId: string, region: string, characteristics = {}) => ({
    externalId: `ORD-${stamp}-${id}`,
    customerId,
    channel: 'web' as const,
    items: [{ id: '1', productOfferingId, region, characteristics }],
    timings: DEMO_TIMINGS,
  });
  return [
    order('FIBRE', 'CUST-1001', 'PO-FIBRE-BIZ', 'PAR', { bandwidthMbps: 1000 }),
    order('VPN', 'CUST-1002', 'PO-VPN-BIZ', 'MRS', { vpnName: 'MARTIN-CORP', bandwidthMbps: 100 }),
    order('VOICE', 'CUST-1006', 'PO-VOICE-LINE', 'PAR'),
    order('CREDIT', 'CUST-1004', 'PO-FIBRE-BIZ', 'LIL', { bandwidthMbps: 500 }),
  ];
}

/**
 * Runs the sample orders side by side and shows each one moving through the layers as it
 * happens (from the order workflow's query), then reads back from Temporal which eTOM
 * processes each order ran.
 */
export async function runFulfilmentDemo(rt: Runtime, report: DemoReporter) {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(2, 14);
  const orders = sampleOrders(stamp);
  const handles = await Promise.all(
    orders.map((o) => submitProductOrder(rt.client, o, { taskQueuePrefix: rt.taskQueuePrefix })),
  );
  for (const o of orders)
    report.step(`submitted ${o.externalId}: ${o.items.map((i) => `${i.productOfferingId}@${i.region}`).join(', ')}`);

  // Progress as it happens: the order's own view (CRM), and the view of each of its service
  // orders (SM&O), read by query — the flows are never slowed down to report.
  const seen = new Map<string, string>();
  const show = async (v: ProductOrderView) => {
    const services = await Promise.all(
      v.items.flatMap((i) =>
        i.serviceOrders.map(async (s) => {
          const so = await rt.client.workflow
            .getHandle(s.id)
            .query<{ currentProcess: string | null; state: string }>('getServiceOrder')
            .catch(() => undefined);
          return `${s.id.split('/').pop()}:${so?.currentProcess ?? s.state}`;
        }),
      ),
    );
    const line = `${v.state} @ ${v.currentProcess ?? '-'}${services.length ? `  [${services.join(' ')}]` : ''}`;
    if (seen.get(v.orderId) !== line) {
      seen.set(v.orderId, line);
      report.step(`${v.orderId.padEnd(26)} ${line}`);
    }
  };
  let running = true;
  const progress = (async () => {
    while (running && !rt.signal?.aborted) {
      await Promise.all(handles.map((h) => h.query<ProductOrderView>('getProductOrder').then(show, () => undefined)));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const outcomes = await Promise.all(handles.map((h) => h.result())).finally(() => {
    running = false;
  });
  await progress;

  const summary = [];
  for (const [i, outcome] of outcomes.entries()) {
    const processes = ownProcesses(await traceProcesses(rt.client, handles[i]!.workflowId), outcome);
    report.step(`${outcome.orderId}: ${outcome.state}${outcome.reason ? ` (${outcome.reason})` : ''}`);
    report.draw(handles[i]!.workflowId, 'it');
    summary.push({
      workflowId: handles[i]!.workflowId,
      action: 'add',
      state: outcome.state,
      reason: outcome.reason,
      layers: [...new Set(processes.map((p) => p.layer))],
      etomIdsByLayer: etomIdsByLayer(processes),
      relationships: outcome.relationshipWorkflowIds ?? [],
      processes: processes.map((p) => ({ etomId: p.etomId, layer: p.layer })),
    });
  }
  // Then the rest of a product's life: a modify, a move and a cease, and what is left ceased.
  const completed = (i: number) => (outcomes[i]?.state === 'completed' ? outcomes[i] : undefined);
  const life = await changeDelivered(rt, report, stamp, {
    FIBRE: completed(0),
    VPN: completed(1),
    VOICE: completed(2),
  });
  return { flow: 'fulfilment', orders: summary, ...life };
}

/**
 * The demo's customers then cease what they were delivered: one SM&O cease order per service
 * (1.F.2.2, action 'delete', as TMF641 takes it), which gives the routers, ports and numbers back
 * to RM&O's pools. Without it every run keeps a router in Paris, and after a few runs on one data
 * dir the FIBRE order is rejected for want of one: with it, run N starts where run 1 did.
 */
export async function ceaseDelivered(rt: Runtime, report: DemoReporter, outcomes: readonly ProductOrderView[]) {
  const services = outcomes.flatMap((o) =>
    o.items.flatMap((i) =>
      i.serviceOrders
        .filter((so) => so.state === 'completed' && so.serviceId)
        .map((so) => ({ order: o, itemId: i.itemId, serviceOrderId: so.id, serviceId: so.serviceId! })),
    ),
  );
  return Promise.all(
    services.map(async ({ order, itemId, serviceOrderId, serviceId }) => {
      const service = await rt.store.ports.serviceInventory.getService(serviceId);
      if (!service) return { serviceId, state: 'failed', reason: 'not in the service inventory' };
      const id = `${serviceOrderId}/cease`;
      const request: ServiceOrderRequest = {
        serviceOrderId: id,
        productOrderId: order.orderId,
        itemId,
        customerId: service.customerId,
        region: service.region,
        cfsSpecId: service.cfsSpecId,
        action: 'delete',
        serviceId,
        characteristics: {},
        timings: FulfilmentTimings.parse(DEMO_TIMINGS),
      };
      const result = await rt.client.workflow.execute<(r: ServiceOrderRequest) => Promise<ServiceOrderResult>>(
        'serviceOrder',
        { workflowId: id, taskQueue: taskQueueFor('smo', rt.taskQueuePrefix), args: [request] },
      );
      report.step(`${serviceId} ceased by ${id}: ${result.state}${result.reason ? ` (${result.reason})` : ''}`);
      return { serviceId, state: result.state, reason: result.reason };
    }),
  );
}
