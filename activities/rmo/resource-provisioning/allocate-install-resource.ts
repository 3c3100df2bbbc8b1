import { z } from 'zod';
import { defineProcessHandlers, type HandlerInput } from '../../../src/contracts/activity';
import { BusinessErrorType, BusinessRejection, reject } from '../../../src/contracts/errors';
import { AllocatedResource, ResourceAvailability, ResourceNeed } from '../../../src/domain/fulfilment/resource-order';
import { RESOURCE_ORDERING_API, resourceOrderEvent } from '../../../src/events/resource-order-events';
import { wakingDelivery } from '../../../src/events/wake-delivery';
import type { Ports } from '../../../src/ports';
import { CLOSED, markItems } from './resource-order-rules';

const Id = z.string().min(1);

/** Pre-order feasibility: are the resources there? Nothing is reserved. */
export const CheckResourcesInput = z.object({ region: Id, needs: z.array(ResourceNeed) });
export const ReserveResourcesInput = z.object({
  resourceOrderId: Id,
  serviceOrderId: Id,
  serviceId: Id,
  customerId: Id,
  region: Id,
  /** May be empty: everything the service needs may come from suppliers (S/PRM). */
  needs: z.array(ResourceNeed),
  /** When an unconfirmed reservation lapses (the workflow computes it from its own clock). */
  holdUntil: z.iso.datetime(),
});
/** Gives back what the order holds and closes it (failed or cancelled) with the reason. */
export const ReleaseResourcesInput = z.object({
  resourceOrderId: Id,
  reason: z.string().min(1),
  finalState: z.enum(['failed', 'cancelled']),
});
/** Housekeeping: lets go of every reservation whose hold ended, whatever order took it. */
export const ReleaseExpiredInput = z.object({});

/** Every kind of work answers in the same shape, the fields it did not fill left empty. */
export const AllocateAndInstallResourceOutput = z.object({
  availability: ResourceAvailability.nullable(),
  resources: z.array(AllocatedResource),
  /** Resources given back. */
  released: z.array(z.string()),
  /** Resource orders whose hold had ended (releaseExpired). */
  expiredOrders: z.array(z.string()),
});

const handlers = {
  check: { input: CheckResourcesInput, output: AllocateAndInstallResourceOutput },
  reserve: { input: ReserveResourcesInput, output: AllocateAndInstallResourceOutput },
  release: { input: ReleaseResourcesInput, output: AllocateAndInstallResourceOutput },
  releaseExpired: { input: ReleaseExpiredInput, output: AllocateAndInstallResourceOutput },
};
/** The input on the wire: one kind of work, named by `action`. */
export type AllocateAndInstallResourceInput = {
  [K in keyof typeof handlers]: HandlerInput<typeof handlers, K>;
}[keyof typeof handlers];

const none = { availability: null, resources: [], released: [], expiredOrders: [] };

/**
 * 1.F.3.2.1 — identify the resources a service instance needs: check them before an order,
 * or reserve them for the service order, for a time; a reservation not confirmed by
 * configuration before its hold ends is released.
 */
export function createAllocateAndInstallResource(
  ports: Pick<Ports, 'resourceInventory' | 'resourceOrders' | 'eventSubscriptions' | 'clock'>,
) {
  const { resourceInventory: inventory, resourceOrders, eventSubscriptions, clock } = ports;
  const moved = resourceOrderEvent('ResourceOrderStateChangeEvent');
  const waking = <T>(changes: () => Promise<T>) => wakingDelivery(eventSubscriptions, RESOURCE_ORDERING_API, changes);
  return defineProcessHandlers(
    { etomId: '1.F.3.2.1', handlers },
    {
      check: async (input) => ({ ...none, availability: await inventory.checkAvailability(input.region, input.needs) }),

      reserve: (input, call) =>
        waking(async () => {
          const { resourceOrderId, serviceOrderId, serviceId, customerId, region, needs, holdUntil } = input;
          await resourceOrders.record(
            `${call.idempotencyKey}/record`,
            {
              id: resourceOrderId,
              action: 'add',
              serviceOrderId,
              serviceId,
              customerId,
              region,
              needs,
              holdUntil,
            },
            resourceOrderEvent('ResourceOrderCreateEvent'),
          );
          let resources: AllocatedResource[];
          try {
            resources = await inventory.reserve(`${call.idempotencyKey}/reserve`, {
              reservationId: resourceOrderId,
              serviceId,
              customerId,
              region,
              needs,
              holdUntil,
            });
          } catch (err) {
            // Nothing was reserved: the order is closed with the inventory's answer.
            if (err instanceof BusinessRejection) {
              await resourceOrders.setState(
                `${call.idempotencyKey}/failed`,
                resourceOrderId,
                'failed',
                err.message,
                moved,
              );
            }
            throw err;
          }
          await markItems(resourceOrders, `${call.idempotencyKey}/items`, resourceOrderId, resources, 'reserved');
          // Held until the service order says go (or the hold ends).
          await resourceOrders.setState(`${call.idempotencyKey}/pending`, resourceOrderId, 'pending', null, moved);
          return { ...none, resources };
        }),

      release: (input, call) =>
        waking(async () => {
          const order = await resourceOrders.get(input.resourceOrderId);
          if (order?.state === 'completed') {
            return reject(
              BusinessErrorType.InvalidStateTransition,
              `resource order ${order.id} is completed: cease its service instead`,
            );
          }
          const held = await inventory.byReservation(input.resourceOrderId);
          const released = await inventory.release(
            `${call.idempotencyKey}/release`,
            input.resourceOrderId,
            input.reason,
          );
          if (order) {
            await markItems(resourceOrders, `${call.idempotencyKey}/items`, order.id, held, 'released');
            // An order the sweep already closed (its hold ended) keeps that answer.
            if (!CLOSED.includes(order.state)) {
              await resourceOrders.setState(
                `${call.idempotencyKey}/state`,
                order.id,
                input.finalState,
                input.reason,
                moved,
              );
            }
          }
          return { ...none, released };
        }),

      releaseExpired: (_input, call) =>
        waking(async () => {
          const expired = await inventory.releaseExpiredHolds(`${call.idempotencyKey}/release`, clock().toISOString());
          const expiredOrders: string[] = [];
          for (const id of expired) {
            const order = await resourceOrders.get(id);
            if (!order || CLOSED.includes(order.state)) continue;
            await resourceOrders.setState(
              `${call.idempotencyKey}/expired/${id}`,
              id,
              'failed',
              'reservation hold expired',
              moved,
            );
            expiredOrders.push(id);
          }
          return { ...none, expiredOrders };
        }),
    },
  );
}
