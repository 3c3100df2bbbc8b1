import {
  ApplicationFailure,
  ChildWorkflowCancellationType,
  executeChild,
  isCancellation,
  log,
  patched,
  TemporalFailure,
} from '@temporalio/workflow';
import type { BusinessErrorType } from '../../../src/contracts/errors';
import type { ResourceOrderRequest } from '../../../src/domain/fulfilment/resource-order';
import type { ServiceDesign } from '../../../src/domain/fulfilment/service-design';
import type { ServiceOrderResult } from '../../../src/domain/fulfilment/service-order';
import {
  resourceAvailabilityId,
  resourceOrder,
  resourceOrderId,
  resourceOrderStart,
  resourceOrderUndoId,
} from '../../rmo/resource-provisioning';
import { reasonOf } from '../../shared/failures';
import { proceedWithResourceOrderSignal } from '../../shared/fulfilment-messages';
import { describeUndoFailures, Saga } from '../../shared/saga';
import { partnerOrder, partnerOrderId, partnerOrderStart } from '../../sprm/sp-requisition-management';
import { checkResources } from './check-resources';
import { implementAndTest, type Provisioned } from './implement-and-test';
import { type OwnedChild, startOwned } from './owned-child';
import { type ServiceOrderRun, smo } from './run';
import { completeWorkOrders, dispatchWorkOrders } from './work-orders';

/**
 * From this patch on, an undo that fails no longer stops the compensation: the older ones
 * are still attempted, and the order fails with what could not be undone. Runs made before
 * it stop at the first failed undo, as they did.
 */
export const SAGA_ATTEMPTS_EVERY_UNDO = 'saga-attempts-every-undo';

/** What each undo is told: why the order stops, and how it ends. */
export type OrderSaga = Saga<[reason: string, outcome: 'failed' | 'cancelled']>;

/** A business failure the workflow itself raises, with a stable type like an activity's. */
const failure = (type: BusinessErrorType, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

/** The service as designed: what every later step works from. */
interface Designed {
  serviceId: string;
  design: ServiceDesign;
}

type Delivered = Array<{ resourceSpecId: string; resourceIds: string[] }>;
type PartnerOrders = Array<{ resourceSpecId: string; owned: OwnedChild<typeof partnerOrder> }>;

/**
 * A new service (1.F.2.2): designed, given its identifiers, its resources reserved, the work
 * set going, configured, implemented and tested, activated. A permanent failure or a
 * cancellation undoes, newest first, what was done.
 */
export async function provide(o: ServiceOrderRun): Promise<ServiceOrderResult> {
  const saga: OrderSaga = new Saga(o.logAttributes());
  try {
    const designed = await designSolution(o, saga);
    const { parameters, ro } = await allocateAndReserve(o, saga, designed);
    const visit = await dispatchWorkOrders(o, saga);
    const partners = await orderFromSuppliers(o, saga, designed);
    const delivered = await awaitSupplierDeliveries(o, ro, partners);
    const provisioned = await configureResources(o, ro, delivered);
    await completeWorkOrders(o, delivered, visit);
    const roId = ro ? designed.design.resourceOrderId : undefined;
    const resourceIds = await implementAndTest(o, saga, designed.serviceId, provisioned, roId);
    await activateService(o, designed.serviceId);
    return o.finish('completed', null, { parameters, resourceIds });
  } catch (err) {
    return compensate(o, saga, err);
  }
}

/**
 * From this patch on, design works from the availability Order Handling's feasibility check
 * found, when the request carries it. Runs made before it ask RM&O again, as they did.
 */
export const DESIGN_FROM_FEASIBILITY_AVAILABILITY = 'design-from-feasibility-availability';

/**
 * 1.F.2.2.1 — design from what RM&O has: as the order's feasibility check found it moments
 * before (handed on by Order Handling), or asked now.
 */
async function designSolution(o: ServiceOrderRun, saga: OrderSaga): Promise<Designed> {
  o.at('1.F.2.2.1');
  const availability =
    o.req.availability && patched(DESIGN_FROM_FEASIBILITY_AVAILABILITY)
      ? o.req.availability
      : await o.orCancelled(checkResources(o.req.cfsSpecId, o.req.region, resourceAvailabilityId(o.serviceOrderId)));
  o.checkpoint();
  const { serviceId, design } = await smo.designSolution({
    action: 'design',
    order: o.header,
    resourceOrderId: resourceOrderId(o.serviceOrderId),
    availability,
  });
  o.view.serviceId = serviceId;
  o.view.state = 'inProgress';
  saga.add('1.F.2.2.6 deactivate the service and close the order', (reason, outcome) =>
    smo.activateService({
      action: 'deactivate',
      serviceId,
      reason,
      closeOrder: { serviceOrderId: o.serviceOrderId, state: outcome },
    }),
  );
  await o.done('1.F.2.2.1');
  o.checkpoint();
  return { serviceId, design };
}

/**
 * From this patch on, the identifiers are allotted while RM&O reserves the resources. Runs
 * made before it allot them, then start the resource order, as they did.
 */
export const IDENTIFIERS_BESIDE_RESERVATION = 'identifiers-allotted-beside-reservation';

/** Where a step records its undo: the order's saga, or a hold while a step beside it runs. */
type Undos = Pick<OrderSaga, 'add'>;

/** Undos held while side-by-side steps run, then added to the saga in the steps' written order. */
function held(): Undos & { into(saga: OrderSaga): void } {
  const undos: Array<Parameters<OrderSaga['add']>> = [];
  return {
    add: (...undo) => void undos.push(undo),
    into: (saga) => undos.forEach((undo) => saga.add(...undo)),
  };
}

/**
 * 1.F.2.2.2 allots the identifiers while RM&O reserves the resources: its text has it ask
 * resource provisioning for what the service needs, and the two take different rows (the
 * design's identifiers and its resources are distinct roles of the spec). The work orders
 * come after both (the text: once allocated, Track & Manage Work Orders is told). The undos
 * are added in the written order whatever finishes first, so the compensation is unchanged.
 */
async function allocateAndReserve(o: ServiceOrderRun, saga: OrderSaga, designed: Designed) {
  if (!patched(IDENTIFIERS_BESIDE_RESERVATION)) {
    const parameters = await allocateSpecificServiceParameters(o, saga, designed);
    return { parameters, ro: await reserveResources(o, saga, designed) };
  }
  const steps = [held(), held()] as const;
  const [allocated, reserved] = await Promise.allSettled([
    allocateSpecificServiceParameters(o, steps[0], designed),
    reserveResources(o, steps[1], designed),
  ]);
  for (const step of steps) step.into(saga);
  if (allocated.status === 'rejected') throw allocated.reason;
  if (reserved.status === 'rejected') throw reserved.reason;
  return { parameters: allocated.value, ro: reserved.value };
}

/** 1.F.2.2.2 — the service's own identifiers. */
async function allocateSpecificServiceParameters(o: ServiceOrderRun, saga: Undos, { serviceId }: Designed) {
  o.at('1.F.2.2.2');
  const allocated = await smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId });
  saga.add('1.F.2.2.2 release the identifiers', (reason) =>
    smo.allocateSpecificServiceParameters({ action: 'release', serviceId, reason }),
  );
  await o.done('1.F.2.2.2');
  o.checkpoint();
  return allocated.parameters;
}

/** RM&O reserves the resources and holds them until the work can go ahead. */
async function reserveResources(o: ServiceOrderRun, saga: Undos, { serviceId, design }: Designed) {
  if (design.resourceNeeds.length === 0 && design.supplierComponents.length === 0) return undefined;
  const { req, serviceOrderId } = o;
  const request: ResourceOrderRequest = {
    resourceOrderId: design.resourceOrderId,
    serviceOrderId,
    serviceId,
    customerId: req.customerId,
    region: req.region,
    action: 'add',
    needs: design.resourceNeeds,
    timings: req.timings,
  };
  const ro = await startOwned(
    resourceOrder,
    resourceOrderStart(design.resourceOrderId, request, {
      cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
    }),
  );
  saga.add('1.F.3.2 give back the resources', async () => {
    if (!ro.outcome) {
      // Still running: it undoes its own reservation when cancelled.
      ro.scope.cancel();
      await ro.result.catch(() => undefined);
    }
    if (ro.outcome?.state === 'completed') {
      const undoId = resourceOrderUndoId(serviceOrderId);
      await executeChild(
        resourceOrder,
        resourceOrderStart(undoId, { ...request, resourceOrderId: undoId, action: 'delete', needs: [] }),
      );
    }
  });
  return ro;
}

/** 1.F.2.2.3 — what suppliers are to deliver, one partner order (S/PRM) per component. */
async function orderFromSuppliers(o: ServiceOrderRun, saga: OrderSaga, designed: Designed): Promise<PartnerOrders> {
  const { req, serviceOrderId } = o;
  const { serviceId, design } = designed;
  const partners = await Promise.all(
    design.supplierComponents.map(async (c) => {
      const id = partnerOrderId(serviceOrderId, c.resourceSpecId);
      const request = {
        partnerOrderId: id,
        serviceOrderId,
        serviceId,
        customerId: req.customerId,
        region: req.region,
        resourceSpecId: c.resourceSpecId,
        quantity: c.quantity,
        // What the supplier delivers joins the resource order's reservation.
        reservationId: design.resourceOrderId,
        timings: req.timings,
      };
      const cancellationType = ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED;
      const owned = await startOwned(partnerOrder, partnerOrderStart(id, request, { cancellationType }));
      return { resourceSpecId: c.resourceSpecId, owned };
    }),
  );
  if (partners.length > 0) {
    saga.add('1.F.4.2 cancel the partner orders still running', async () => {
      for (const p of [...partners].reverse()) {
        if (p.owned.outcome) continue;
        p.owned.scope.cancel();
        await p.owned.result.catch(() => undefined);
      }
    });
  }
  return partners;
}

/** Waits for every supplier part, while RM&O holds the reservation (which may lapse). */
async function awaitSupplierDeliveries(
  o: ServiceOrderRun,
  ro: OwnedChild<typeof resourceOrder> | undefined,
  partners: PartnerOrders,
): Promise<Delivered> {
  // A resource order that ends while we wait can only have lapsed (its hold ended).
  const roLapsed = ro
    ? ro.result.then((r) => {
        throw failure('ResourceUnavailable', r.reason ?? `resource order ${r.resourceOrderId} ${r.state}`);
      })
    : new Promise<never>(() => undefined);
  const delivered = await o.orCancelled(
    Promise.race([
      roLapsed,
      Promise.all(
        partners.map(async (p) => {
          const r = await p.owned.result;
          if (r.state !== 'accepted')
            throw failure(
              'SupplierRejected',
              `${p.resourceSpecId} from a supplier: ${r.state}${r.reason ? ` (${r.reason})` : ''}`,
            );
          return { resourceSpecId: p.resourceSpecId, resourceIds: r.resourceIds };
        }),
      ),
    ]),
  );
  o.checkpoint();
  return delivered;
}

/** The work is scheduled and supplier parts are in: RM&O configures what it reserved. */
async function configureResources(
  o: ServiceOrderRun,
  ro: OwnedChild<typeof resourceOrder> | undefined,
  delivered: Delivered,
): Promise<Provisioned> {
  let resources: Provisioned = [];
  if (ro) {
    // An order that has just ended cannot take the signal: its result says why it ended.
    if (!ro.outcome) {
      await ro.handle
        .signal(proceedWithResourceOrderSignal, { deliveredResourceIds: delivered.flatMap((d) => d.resourceIds) })
        .catch(() => undefined);
    }
    const provisioned = await o.orCancelled(ro.result);
    if (provisioned.state !== 'completed')
      throw failure('ResourceUnavailable', provisioned.reason ?? `resource order ${provisioned.state}`);
    resources = provisioned.resources;
  }
  o.checkpoint();
  return resources;
}

/** 1.F.2.2.6 — activate; the order completes. */
async function activateService(o: ServiceOrderRun, serviceId: string): Promise<void> {
  await o.takeAmendments();
  o.at('1.F.2.2.6');
  await smo.activateService({ action: 'activate', serviceOrderId: o.serviceOrderId, serviceId });
  o.view.state = 'completed';
  await o.done('1.F.2.2.6', 'service active');
}

/**
 * A permanent failure or a cancellation: what was done is undone, newest first. Every undo is
 * attempted; one that fails leaves the order failed, with what could not be undone.
 */
async function compensate(o: ServiceOrderRun, saga: OrderSaga, err: unknown): Promise<ServiceOrderResult> {
  // Anything but a Temporal failure is a bug: let the workflow task fail until it is fixed.
  if (!(err instanceof TemporalFailure)) throw err;
  const cancelled = isCancellation(err);
  const reason = cancelled ? 'cancelled' : reasonOf(err);
  o.view.state = cancelled ? 'pendingCancellation' : o.view.state;
  o.view.reason = reason;
  log.info(cancelled ? 'service order cancelled: compensating' : 'service order failed: compensating', {
    ...o.logAttributes(),
    undos: saga.labels.length,
  });
  const failures = await saga.compensate([reason, cancelled ? 'cancelled' : 'failed'], {
    continueAfterFailure: () => patched(SAGA_ATTEMPTS_EVERY_UNDO),
  });
  if (failures.length > 0) {
    const message = `${reason}; not undone: ${describeUndoFailures(failures)}`;
    o.finish('failed', message);
    throw ApplicationFailure.create({ type: 'CompensationIncomplete', message, nonRetryable: true, details: failures });
  }
  if (cancelled) {
    o.finish('cancelled', reason);
    throw err;
  }
  return o.finish('failed', reason);
}
