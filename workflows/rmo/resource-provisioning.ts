import {
  ActivityCancellationType,
  ActivityFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { RmoActivities } from '../../activities/rmo';
import type {
  ResourceAvailability,
  ResourceNeed,
  ResourceOrderRequest,
  ResourceOrderResult,
  ResourceOrderState,
} from '../../src/domain/fulfilment/resource-order';
import { SYSTEM_CALL } from '../shared/activity-options';
import { type ChildExtras, childStart } from '../shared/child';
import { businessRejection, reasonOf } from '../shared/failures';
import { getResourceOrderQuery, proceedWithResourceOrderSignal } from '../shared/fulfilment-messages';
import { markProgress } from '../shared/search-attributes';
import { Saga } from '../shared/saga';
import { ResourceOrderRequest as ResourceOrderRequestContract } from '../../src/domain/fulfilment/resource-order';
import { validInput } from '../shared/valid-input';
import { ResourceAvailabilityInput as ResourceAvailabilityInputContract } from '../../src/domain/workflow-inputs';

/**
 * Resource Provisioning (1.F.3.2), the RM&O side of fulfilment: one resource order per
 * service, started by SM&O on the RM&O task queue.
 *
 * 'add': reserve (1.F.3.2.1), then hold the reservation until SM&O says the work can go
 * ahead (on-site work scheduled, supplier parts in) — or let it go when the hold ends — then
 * configure and activate (1.F.3.2.2), test (1.F.3.2.3) and record (1.F.3.2.4). A permanent
 * failure gives back what was taken, newest first; the inventory is then as it was.
 *
 * Cancellation (SM&O cancels the child, waiting for it to finish) runs the same undo, then
 * rethrows the CancelledFailure: the execution closes as Cancelled, which is what the parent
 * awaits, and the store and the EtomState search attribute say 'cancelled'.
 *
 * 'delete': cease the service — unconfigure and give back everything its orders hold.
 */

// An activity interrupted by a cancellation is waited for, so the undo never races it.
const rmo = proxyActivities<RmoActivities>({
  ...SYSTEM_CALL,
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

const LAYER = 'RM&O';

/** What SM&O asks before it designs: the resources a service would take, and where. */
export interface ResourceAvailabilityInput {
  region: string;
  needs: ResourceNeed[];
}

/** The availability check of the SM&O run `askedBy` (a service order, or a feasibility run). */
export const resourceAvailabilityId = (askedBy: string): string => `${askedBy}/RA`;

/** How SM&O asks RM&O what it has: on RM&O's task queue, typed by the workflow itself. */
export const resourceAvailabilityStart = (workflowId: string, input: ResourceAvailabilityInput, extras?: ChildExtras) =>
  childStart<typeof resourceAvailability>('rmo', workflowId, [input], extras);

/** The one resource order of a service order. */
export const resourceOrderId = (serviceOrderId: string): string => `${serviceOrderId}/RO`;

/** The resource order that takes back what a service order's completed resource order set up. */
export const resourceOrderUndoId = (serviceOrderId: string): string => `${serviceOrderId}/RO-undo`;

/** How SM&O starts a resource order: on RM&O's task queue, under the order's own id. */
export const resourceOrderStart = (workflowId: string, request: ResourceOrderRequest, extras?: ChildExtras) =>
  childStart<typeof resourceOrder>('rmo', workflowId, [request], extras);

/**
 * From this patch on, the availability check (which only reads the inventory) runs as a local
 * activity on this RM&O worker. Runs made before it schedule it as an activity, as they did.
 */
export const AVAILABILITY_READ_LOCALLY = 'availability-read-locally';

/** The check, run within the workflow task: no round trip through the server. */
const rmoReads = proxyLocalActivities<RmoActivities>({ ...SYSTEM_CALL, startToCloseTimeout: '10 seconds' });

/** Pre-order feasibility (1.F.3.2.1 in check mode): what could be reserved now. Nothing is. */
export async function resourceAvailability(input: ResourceAvailabilityInput): Promise<ResourceAvailability> {
  validInput(ResourceAvailabilityInputContract, input);
  markProgress({ layer: LAYER, process: '1.F.3.2.1' });
  const check = patched(AVAILABILITY_READ_LOCALLY) ? rmoReads : rmo;
  const out = await check.allocateAndInstallResource({ action: 'check', region: input.region, needs: input.needs });
  if (!out.availability) throw new Error('1.F.3.2.1 answered a check without an availability');
  return out.availability;
}

/**
 * From this patch on, a 'delete' order (a cease) also runs 1.F.3.2.4: what the elements keep is
 * collected, recorded on the order's items and returned to SM&O. Runs made before it end after
 * 1.F.3.2.2, as they did.
 */
export const CONFIGURATION_REPORTED_ON_CEASE = 'configuration-reported-on-cease';

type FinalState = ResourceOrderResult['state'];
/** One step to take back, given how the order ends. */
type Undo = (finalState: 'failed' | 'cancelled', reason: string) => Promise<unknown>;

export async function resourceOrder(req: ResourceOrderRequest): Promise<ResourceOrderResult> {
  validInput(ResourceOrderRequestContract, req);
  const view = {
    id: req.resourceOrderId,
    state: 'acknowledged' as ResourceOrderState,
    currentProcess: null as string | null,
    reason: null as string | null,
    resourceIds: [] as string[],
  };
  setHandler(getResourceOrderQuery, () => ({ ...view, resourceIds: [...view.resourceIds] }));
  let proceed: { deliveredResourceIds: string[] } | undefined;
  setHandler(proceedWithResourceOrderSignal, (p) => {
    proceed ??= p;
  });

  const enter = (process: string, state: ResourceOrderState) => {
    view.currentProcess = process;
    view.state = state;
    markProgress({ process, state, layer: LAYER, customerId: req.customerId });
  };
  const finish = (
    state: FinalState,
    reason: string | null,
    resources: ResourceOrderResult['resources'] = [],
  ): ResourceOrderResult => {
    view.state = state;
    view.reason = reason;
    markProgress({ state });
    return { resourceOrderId: req.resourceOrderId, state, reason, resources };
  };

  if (req.action === 'suspend' || req.action === 'resume') {
    // The service's elements blocked or unblocked; one refusing part-way puts the others back.
    enter('1.F.3.2.2', 'inProgress');
    const { serviceOrderId, serviceId, customerId, region } = req;
    const order = {
      resourceOrderId: req.resourceOrderId,
      orderAction: req.action,
      target: { serviceOrderId, serviceId, customerId, region },
    };
    const saga = new Saga<[string]>({ etomId: '1.F.3.2.2', businessId: req.resourceOrderId });
    saga.add(`${req.action === 'suspend' ? 'unblock' : 'block'} the service's elements again`, (reason) =>
      rmo.configureAndActivateResource({ action: 'block', ...order, undo: { reason } }),
    );
    try {
      const out = await rmo.configureAndActivateResource({ action: 'block', ...order });
      view.resourceIds = out.resources.map((r) => r.id);
      return finish('completed', null, out.resources);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const reason = reasonOf(err);
      await saga.compensate([reason]);
      return finish('failed', reason);
    }
  }
  if (req.action === 'modify') {
    // The elements configured again in place; one refusing part-way puts them all back as they were.
    enter('1.F.3.2.2', 'inProgress');
    const { resourceOrderId, serviceOrderId, serviceId, customerId, region } = req;
    const saga = new Saga<[string]>({ etomId: '1.F.3.2.2', businessId: resourceOrderId });
    try {
      const { elements } = await rmo.configureAndActivateResource({
        action: 'snapshot',
        resourceOrderId,
        target: { serviceOrderId, serviceId, customerId, region },
      });
      saga.add('put the elements back as they were', (reason) =>
        rmo.configureAndActivateResource({ action: 'restore', resourceOrderId, serviceId, elements, reason }),
      );
      const out = req.restore
        ? await rmo.configureAndActivateResource({
            action: 'restore',
            resourceOrderId,
            serviceId,
            elements: req.restore,
          })
        : await rmo.configureAndActivateResource({
            action: 'reconfigure',
            resourceOrderId,
            serviceId,
            settings: req.settings ?? {},
          });
      view.resourceIds = out.elements.map((e) => e.resourceId);
      enter('1.F.3.2.4', 'inProgress');
      const report = await rmo.collectUpdateAndReportResourceConfigurationData({ resourceOrderId });
      return { ...finish('completed', null, report.resources), before: elements };
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const reason = reasonOf(err);
      await saga.compensate([reason]);
      return finish('failed', reason);
    }
  }
  if (req.action === 'delete') {
    enter('1.F.3.2.2', 'inProgress');
    const { serviceOrderId, serviceId, customerId, region } = req;
    try {
      const out = await rmo.configureAndActivateResource({
        action: 'deactivate',
        resourceOrderId: req.resourceOrderId,
        reason: `service ${serviceId} ceased`,
        cease: { serviceOrderId, serviceId, customerId, region },
      });
      view.resourceIds = out.released;
      if (!patched(CONFIGURATION_REPORTED_ON_CEASE)) return finish('completed', null, out.resources);
      // 1.F.3.2.4 on a cease too: the inventory records the elements left unconfigured, and SM&O hears it.
      enter('1.F.3.2.4', 'inProgress');
      const report = await rmo.collectUpdateAndReportResourceConfigurationData({
        resourceOrderId: req.resourceOrderId,
      });
      return finish('completed', null, report.resources);
    } catch (err) {
      if (!businessRejection(err)) throw err;
      return finish('failed', reasonOf(err));
    }
  }

  const undo: Undo[] = [];
  /** Takes back what was done, newest first, whatever cancellation is under way. */
  const compensate = (finalState: 'failed' | 'cancelled', reason: string) => {
    log.info(`resource order ${finalState}: giving back what was taken`, {
      etomId: view.currentProcess,
      businessId: req.resourceOrderId,
      undos: undo.length,
    });
    return CancellationScope.nonCancellable(async () => {
      for (const step of [...undo].reverse()) await step(finalState, reason);
    });
  };
  const release: Undo = (finalState, reason) =>
    rmo.allocateAndInstallResource({ action: 'release', resourceOrderId: req.resourceOrderId, reason, finalState });
  const deactivate: Undo = (_finalState, reason) =>
    rmo.configureAndActivateResource({ action: 'deactivate', resourceOrderId: req.resourceOrderId, reason });

  try {
    enter('1.F.3.2.1', 'inProgress');
    const holdUntil = new Date(Date.now() + req.timings.reservationHold).toISOString();
    try {
      const reserved = await rmo.allocateAndInstallResource({
        action: 'reserve',
        resourceOrderId: req.resourceOrderId,
        serviceOrderId: req.serviceOrderId,
        serviceId: req.serviceId,
        customerId: req.customerId,
        region: req.region,
        needs: req.needs,
        holdUntil,
      });
      view.resourceIds = reserved.resources.map((r) => r.id);
    } catch (err) {
      // The inventory said no: nothing was reserved, there is nothing to give back.
      if (businessRejection(err)) return finish('failed', reasonOf(err));
      undo.push(release);
      throw err;
    }
    undo.push(release);

    // The hold is a durable timer: without SM&O's go-ahead before it ends, the reservation lapses.
    enter('1.F.3.2.1', 'pending');
    if (!(await condition(() => proceed !== undefined, req.timings.reservationHold))) {
      const reason = 'reservation hold expired';
      await compensate('failed', reason);
      return finish('failed', reason);
    }

    enter('1.F.3.2.2', 'inProgress');
    // Pushed before the call: an element may be configured before another one refuses.
    undo.push(deactivate);
    await rmo.configureAndActivateResource({
      action: 'activate',
      resourceOrderId: req.resourceOrderId,
      serviceId: req.serviceId,
      deliveredResourceIds: proceed?.deliveredResourceIds ?? [],
    });
    enter('1.F.3.2.3', 'inProgress');
    await rmo.testResource({ resourceOrderId: req.resourceOrderId });
    // A redesign's order: what it replaces is taken off the network and given back only now
    // that its replacement works (read from the input, so older runs take no new command).
    for (const replaced of req.replaces ?? []) {
      enter('1.F.3.2.2', 'inProgress');
      await rmo.configureAndActivateResource({
        action: 'deactivate',
        resourceOrderId: replaced.resourceOrderId,
        resourceIds: replaced.resourceIds,
        reason: `replaced by ${req.resourceOrderId} in a redesign of ${req.serviceId}`,
      });
    }
    enter('1.F.3.2.4', 'inProgress');
    const report = await rmo.collectUpdateAndReportResourceConfigurationData({ resourceOrderId: req.resourceOrderId });
    view.resourceIds = report.resources.map((r) => r.id);
    // The configuration collected goes back to SM&O with the resources (1.F.3.2.4 "communicates" it).
    return finish('completed', null, report.resources);
  } catch (err) {
    // An activity that failed for good (refused, or out of retries), or a cancellation: undo.
    // Anything else is a defect in this code: let it fail the workflow task and be fixed.
    if (!(err instanceof ActivityFailure) && !isCancellation(err)) throw err;
    const cancelled = isCancellation(err);
    const reason = reasonOf(err);
    await compensate(cancelled ? 'cancelled' : 'failed', reason);
    const result = finish(cancelled ? 'cancelled' : 'failed', reason);
    if (cancelled) throw err;
    return result;
  }
}
