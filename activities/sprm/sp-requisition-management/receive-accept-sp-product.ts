import { z } from 'zod';
import { defineProcessHandlers } from '../../../src/contracts/activity';
import { BusinessErrorType, reject } from '../../../src/contracts/errors';
import type { Ports } from '../../../src/ports';
import { PartnerOrderView, partnerOrderOf, remedyAskedAt, viewOf } from './partner-order-view';

/** Test what was delivered; accepted, it joins the inventory reserved under `reservationId`. */
export const AcceptSPProductInput = z.object({ partnerOrderId: z.string().min(1), reservationId: z.string().min(1) });
/** The delivery failed its test: ask the supplier to put it right. */
export const NegotiateSPProductInput = z.object({ partnerOrderId: z.string().min(1), detail: z.string().min(1) });
export const ReceiveAndAcceptSPProductOutput = PartnerOrderView.extend({
  accepted: z.boolean(),
  detail: z.string(),
  resourceIds: z.array(z.string()),
});

/**
 * 1.F.4.2.4 — receive what was delivered and test it with the supplier; accepted, it joins
 * the resource inventory reserved for the service it was bought for. A failed test is
 * negotiated once (the supplier puts it right and delivers again); failing again, the
 * product is rejected and the requisition closed with the supplier.
 */
export function createReceiveAndAcceptSPProduct(
  ports: Pick<Ports, 'partnerGateway' | 'partnerOrders' | 'resourceInventory' | 'clock'>,
) {
  const { partnerGateway: partners, partnerOrders, resourceInventory: inventory, clock } = ports;
  const now = () => clock().toISOString();
  const output = ReceiveAndAcceptSPProductOutput;
  return defineProcessHandlers(
    {
      etomId: '1.F.4.2.4',
      handlers: {
        accept: { input: AcceptSPProductInput, output },
        negotiate: { input: NegotiateSPProductInput, output },
      },
    },
    {
      accept: async (input, call) => {
        const order = await partnerOrderOf(partnerOrders, input.partnerOrderId);
        if (order.state === 'accepted') {
          // Accepted before (a retry whose answer was lost): the same resources, from our record of it.
          const acceptance = (await partnerOrders.events(order.id)).find((e) => e.kind === 'accepted');
          return {
            ...viewOf(order),
            accepted: true,
            detail: 'already accepted',
            resourceIds: acceptance?.detail?.split(' ') ?? [],
          };
        }
        if (order.state !== 'delivered')
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `partner order ${order.id} is ${order.state}, nothing delivered`,
          );
        const requisitionId = order.requisitionId!;
        const delivery = await partners.status(requisitionId);
        const test =
          delivery.delivered.length < order.quantity
            ? { passed: false, detail: `short delivery: ${delivery.delivered.length} of ${order.quantity}` }
            : await partners.acceptanceTest(requisitionId);
        await partnerOrders.addEvent(order.id, {
          kind: test.passed ? 'acceptancePassed' : 'acceptanceFailed',
          detail: test.detail,
          key: `${call.idempotencyKey}/acceptance`,
          at: now(),
        });

        if (!test.passed) {
          if ((await remedyAskedAt(partnerOrders, order.id)) === null)
            return { ...viewOf(order), accepted: false, detail: test.detail, resourceIds: [] };
          // The remedy failed too: the product is refused and the requisition closed with the supplier.
          const reason = `rejected at acceptance after a remedy: ${test.detail}`;
          await partners.cancelRequisition(`${call.idempotencyKey}/return`, requisitionId, reason);
          await partnerOrders.addEvent(order.id, {
            kind: 'rejectedAtAcceptance',
            detail: test.detail,
            key: 'rejectedAtAcceptance',
            at: now(),
          });
          await partnerOrders.update(order.id, { state: 'rejected', reason });
          return reject(BusinessErrorType.AcceptanceFailed, reason);
        }

        const resourceIds: string[] = [];
        for (const [i, item] of delivery.delivered.slice(0, order.quantity).entries()) {
          const resource = await inventory.registerSuppliedResource(`${call.idempotencyKey}/register/${i}`, {
            resourceSpecId: order.resourceSpecId,
            region: order.region,
            name: item.name,
            supplierId: order.supplierId!,
            supplierReference: delivery.supplierReference,
            // The requisition it came under (the supplier's word for it first): what S/PRM names to
            // the supplier when it fails (1.A.4.3), and what settlement reads its contract from.
            attributes: { requisitionId, ...item.attributes, contractId: order.contractId, partnerOrderId: order.id },
            serviceId: order.serviceId,
            customerId: order.customerId,
            reservationId: input.reservationId,
          });
          resourceIds.push(resource.id);
        }
        await partnerOrders.addEvent(order.id, {
          kind: 'accepted',
          detail: resourceIds.join(' '),
          key: 'accepted',
          at: now(),
        });
        const o = await partnerOrders.update(order.id, { state: 'accepted' });
        return { ...viewOf(o), accepted: true, detail: test.detail, resourceIds };
      },
      negotiate: async (input, call) => {
        const order = await partnerOrderOf(partnerOrders, input.partnerOrderId);
        // A retried negotiation finds it already under way.
        if (order.state === 'inNegotiation')
          return { ...viewOf(order), accepted: false, detail: input.detail, resourceIds: [] };
        if (order.state !== 'delivered')
          return reject(
            BusinessErrorType.InvalidStateTransition,
            `partner order ${order.id} is ${order.state}, nothing delivered to negotiate`,
          );
        // Recorded before asking, so every report the supplier makes about the remedy comes after it.
        await partnerOrders.addEvent(order.id, {
          kind: 'remedyRequested',
          detail: input.detail,
          key: 'remedy',
          at: now(),
        });
        await partners.requestRemedy(call.idempotencyKey, order.requisitionId!, input.detail);
        const o = await partnerOrders.update(order.id, { state: 'inNegotiation' });
        return { ...viewOf(o), accepted: false, detail: input.detail, resourceIds: [] };
      },
    },
  );
}
