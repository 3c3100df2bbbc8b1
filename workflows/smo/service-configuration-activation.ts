import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  ChildWorkflowCancellationType,
  type ChildWorkflowHandle,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  setHandler,
  startChild,
  TemporalFailure,
  workflowInfo,
} from '@temporalio/workflow';
import type { SmoActivities } from '../../activities/smo';
import type { ServiceDesign } from '../../src/domain/fulfilment/service-design';
import type { BusinessErrorType } from '../../src/contracts/errors';
import type { PartnerOrderRequest, PartnerOrderResult } from '../../src/domain/fulfilment/partner-order';
import type { Characteristics } from '../../src/domain/fulfilment/product-order';
import type {
  ResourceAvailability,
  ResourceNeed,
  ResourceOrderRequest,
  ResourceOrderResult,
} from '../../src/domain/fulfilment/resource-order';
import type {
  ServiceFeasibility,
  ServiceOrderRequest,
  ServiceOrderResult,
  ServiceOrderState,
} from '../../src/domain/fulfilment/service-order';
import { SYSTEM_CALL } from '../shared/activity-options';
import { type ChildExtras, childStart } from '../shared/child';
import { businessRejection, reasonOf } from '../shared/failures';
import {
  amendServiceOrderSignal,
  getServiceOrderQuery,
  type LayerOrderView,
  proceedWithResourceOrderSignal,
  serviceOrderProgressSignal,
} from '../shared/fulfilment-messages';
import { markProgress } from '../shared/search-attributes';
import { layerQueue } from '../shared/task-queues';

/**
 * Service Configuration & Activation (1.F.2.2), the SM&O side of fulfilment: one service order
 * per customer-facing service, started by Order Handling. The solution is designed from what
 * RM&O has (1.F.2.2.1), the service's identifiers allotted (1.F.2.2.2), its resources reserved
 * by RM&O, the technician and the suppliers set to work (1.F.2.2.3); once their work is in,
 * RM&O configures the resources, and the service is implemented (1.F.2.2.4), tested end to end
 * (1.F.2.2.5) — back to implementation, then to design, when it fails — and activated
 * (1.F.2.2.6). A permanent failure or a cancellation undoes, newest first, what was done.
 */

const smo = proxyActivities<SmoActivities>(SYSTEM_CALL);

/** A failed end-to-end test goes back to implementation this many times, then to design once. */
const IMPLEMENTATION_RETRIES = 2;
const REDESIGNS = 1;

type ResourceAvailabilityWorkflow = (input: { region: string; needs: ResourceNeed[] }) => Promise<ResourceAvailability>;
type ResourceOrderWorkflow = (req: ResourceOrderRequest) => Promise<ResourceOrderResult>;

/** RM&O's answer on the resources a service would take: nothing is reserved. */
function checkResources(cfsSpecId: string, region: string, workflowId: string): Promise<ResourceAvailability> {
  return smo.designSolution({ action: 'plan', cfsSpecId }).then((plan) => {
    if (plan.action !== 'plan') throw new Error('designSolution answered another action');
    // A service made of identifiers only takes nothing from RM&O: there is nothing to ask.
    if (plan.resourceNeeds.length === 0) return { region, lines: [] };
    return executeChild<ResourceAvailabilityWorkflow>('resourceAvailability', {
      taskQueue: layerQueue('rmo'),
      workflowId,
      args: [{ region, needs: plan.resourceNeeds }],
    });
  });
}

/** The milestone Order Handling hears about by signal (see `done`). */
const REPORTED_TO_CRM: readonly string[] = ['1.F.2.2.4'];

/** What Order Handling asks before it issues anything: a service, where, with what. */
export interface ServiceFeasibilityInput {
  cfsSpecId: string;
  region: string;
  characteristics: Characteristics;
}

/** The run that assesses one service of one order item (CRM 1.F.1.5.1 asks). */
export const serviceFeasibilityId = (productOrderId: string, itemId: string, cfsSpecId: string): string =>
  `${productOrderId}/feasibility/${itemId}/${cfsSpecId}`;

/** How Order Handling asks SM&O: on SM&O's task queue, typed by the workflow itself. */
export const serviceFeasibilityStart = (workflowId: string, input: ServiceFeasibilityInput, extras?: ChildExtras) =>
  childStart<typeof serviceFeasibility>('smo', workflowId, [input], extras);

/** The run that ceases the service a completed service order delivered. */
export const serviceOrderCeaseId = (serviceOrderId: string): string => `${serviceOrderId}/cease`;

/** How Order Handling starts a service order (or its cease): on SM&O's task queue. */
export const serviceOrderStart = (workflowId: string, request: ServiceOrderRequest, extras?: ChildExtras) =>
  childStart<typeof serviceOrder>('smo', workflowId, [request], extras);

/** Pre-order (CRM 1.F.1.5.1 asks): could this service be delivered there? Nothing is reserved. */
export async function serviceFeasibility(input: ServiceFeasibilityInput): Promise<ServiceFeasibility> {
  const availability = await checkResources(input.cfsSpecId, input.region, `${workflowInfo().workflowId}/RA`);
  const out = await smo.designSolution({ action: 'assess', ...input, availability });
  if (out.action !== 'assess') throw new Error('designSolution answered another action');
  return out.feasibility;
}

/** A child this order owns: cancelled only when its compensation says so, never by cascade. */
interface OwnedChild<A, R> {
  scope: CancellationScope;
  handle: ChildWorkflowHandle<(arg: A) => Promise<R>>;
  result: Promise<R>;
  outcome?: R;
}

/** A business failure the workflow itself raises, with a stable type like an activity's. */
const failure = (type: BusinessErrorType, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

export async function serviceOrder(req: ServiceOrderRequest): Promise<ServiceOrderResult> {
  // The order's id is its workflow's: a cease reuses the request of the order it undoes.
  const serviceOrderId = workflowInfo().workflowId;
  const view: LayerOrderView<ServiceOrderState> & { serviceId: string | null } = {
    id: serviceOrderId,
    state: 'acknowledged',
    currentProcess: null,
    reason: null,
    serviceId: req.serviceId ?? null,
  };
  setHandler(getServiceOrderQuery, () => view);
  const amendments: Characteristics[] = [];
  setHandler(amendServiceOrderSignal, ({ characteristics }) => {
    amendments.push(characteristics);
  });

  // The steps run shielded from cancellation, so none is cut off half-done; the request is
  // noticed between steps and during waits, and the compensation decides what to cancel.
  const cancelRequested = CancellationScope.current().cancelRequested;
  const cancellation = { requested: false };
  cancelRequested.catch(() => {
    cancellation.requested = true;
  });
  const checkpoint = () => {
    if (cancellation.requested) throw new CancelledFailure('service order cancelled');
  };
  const orCancelled = <T>(p: Promise<T>): Promise<T> => Promise.race([p, cancelRequested]);

  markProgress({ state: view.state, layer: 'SM&O', customerId: req.customerId });
  const at = (etomId: string) => {
    view.currentProcess = etomId;
    markProgress({ process: etomId, state: view.state });
  };
  /**
   * Tells Order Handling (1.F.1.5.4) the one milestone it acts on while the service order
   * runs: implemented, after which the item can no longer be amended (activation reaches it
   * as the child's result). Each signal costs the order a workflow task, so every other step
   * is left to the `getServiceOrder` query.
   */
  const done = async (etomId: string, detail?: string) => {
    const parent = workflowInfo().parent;
    if (!parent) return;
    if (!REPORTED_TO_CRM.includes(etomId)) return;
    await getExternalWorkflowHandle(parent.workflowId).signal(serviceOrderProgressSignal, {
      serviceOrderId,
      itemId: req.itemId,
      etomId,
      state: view.state,
      detail,
    });
  };
  const header = {
    serviceOrderId,
    productOrderId: req.productOrderId,
    itemId: req.itemId,
    customerId: req.customerId,
    region: req.region,
    cfsSpecId: req.cfsSpecId,
    characteristics: req.characteristics,
  };
  const finish = (
    state: ServiceOrderResult['state'],
    reason: string | null,
    extra: Partial<ServiceOrderResult> = {},
  ): ServiceOrderResult => {
    view.state = state;
    view.reason = reason;
    markProgress({ state });
    return { serviceOrderId, state, serviceId: view.serviceId, reason, parameters: {}, resourceIds: [], ...extra };
  };

  async function startOwned<A, R>(
    workflowType: string,
    taskQueue: string,
    workflowId: string,
    arg: A,
  ): Promise<OwnedChild<A, R>> {
    const scope = new CancellationScope();
    const handle = await scope.run(() =>
      startChild<(a: A) => Promise<R>>(workflowType, {
        taskQueue,
        workflowId,
        args: [arg],
        cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
      }),
    );
    const owned: OwnedChild<A, R> = { scope, handle, result: handle.result() };
    owned.result.then(
      (r) => (owned.outcome = r),
      () => undefined,
    );
    return owned;
  }

  /** Customer changes queued so far go to design; after implementation they are refused there. */
  async function takeAmendments(): Promise<void> {
    while (amendments.length > 0) {
      const out = await smo.designSolution({ action: 'amend', serviceOrderId, characteristics: amendments.shift()! });
      // Only an applied change is progress: Order Handling refuses late ones on its own.
      if (out.action === 'amend' && out.applied) await done('1.F.2.2.1', 'amendment applied');
    }
  }

  return CancellationScope.nonCancellable(() => (req.action === 'delete' ? cease() : provide()));

  async function provide(): Promise<ServiceOrderResult> {
    /** Undo steps, pushed as each step is done and run newest first. */
    const compensations: Array<(reason: string, outcome: 'failed' | 'cancelled') => Promise<unknown>> = [];
    try {
      // 1.F.2.2.1 — design from what RM&O has now.
      at('1.F.2.2.1');
      const availability = await orCancelled(checkResources(req.cfsSpecId, req.region, `${serviceOrderId}/RA`));
      checkpoint();
      const designed = await smo.designSolution({
        action: 'design',
        order: header,
        resourceOrderId: `${serviceOrderId}/RO`,
        availability,
      });
      if (designed.action !== 'design') throw new Error('designSolution answered another action');
      const serviceId = designed.serviceId;
      const design: ServiceDesign = designed.design;
      view.serviceId = serviceId;
      view.state = 'inProgress';
      compensations.push((reason, outcome) =>
        smo.activateService({
          action: 'deactivate',
          serviceId,
          reason,
          closeOrder: { serviceOrderId, state: outcome },
        }),
      );
      await done('1.F.2.2.1');
      checkpoint();

      // 1.F.2.2.2 — the service's own identifiers.
      at('1.F.2.2.2');
      const allocated = await smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId });
      compensations.push((reason) => smo.allocateSpecificServiceParameters({ action: 'release', serviceId, reason }));
      await done('1.F.2.2.2');
      checkpoint();

      // RM&O reserves the resources and holds them until the work can go ahead.
      const roRequest: ResourceOrderRequest = {
        resourceOrderId: design.resourceOrderId,
        serviceOrderId,
        serviceId,
        customerId: req.customerId,
        region: req.region,
        action: 'add',
        needs: design.resourceNeeds,
        timings: req.timings,
      };
      const needsResources = design.resourceNeeds.length > 0 || design.supplierComponents.length > 0;
      const ro = needsResources
        ? await startOwned<ResourceOrderRequest, ResourceOrderResult>(
            'resourceOrder',
            layerQueue('rmo'),
            design.resourceOrderId,
            roRequest,
          )
        : undefined;
      if (ro) {
        compensations.push(async () => {
          if (!ro.outcome) {
            // Still running: it undoes its own reservation when cancelled.
            ro.scope.cancel();
            await ro.result.catch(() => undefined);
          }
          if (ro.outcome?.state === 'completed') {
            await executeChild<ResourceOrderWorkflow>('resourceOrder', {
              taskQueue: layerQueue('rmo'),
              workflowId: `${serviceOrderId}/RO-undo`,
              args: [{ ...roRequest, resourceOrderId: `${serviceOrderId}/RO-undo`, action: 'delete', needs: [] }],
            });
          }
        });
      }

      // 1.F.2.2.3 — the technician, and what suppliers are to deliver.
      at('1.F.2.2.3');
      await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId });
      compensations.push((reason) => smo.trackAndManageWorkOrders({ action: 'cancel', serviceOrderId, reason }));
      await done('1.F.2.2.3', 'work orders dispatched');
      checkpoint();

      const partners = await Promise.all(
        design.supplierComponents.map(async (c) => {
          const partnerOrderId = `${serviceOrderId}/PR-${c.resourceSpecId}`;
          const owned = await startOwned<PartnerOrderRequest, PartnerOrderResult>(
            'partnerOrder',
            layerQueue('sprm'),
            partnerOrderId,
            {
              partnerOrderId,
              serviceOrderId,
              serviceId,
              customerId: req.customerId,
              region: req.region,
              resourceSpecId: c.resourceSpecId,
              quantity: c.quantity,
              // What the supplier delivers joins the resource order's reservation.
              reservationId: design.resourceOrderId,
              timings: req.timings,
            },
          );
          return { resourceSpecId: c.resourceSpecId, owned };
        }),
      );
      if (partners.length > 0) {
        compensations.push(async () => {
          for (const p of [...partners].reverse()) {
            if (p.owned.outcome) continue;
            p.owned.scope.cancel();
            await p.owned.result.catch(() => undefined);
          }
        });
      }
      // A resource order that ends while we wait can only have lapsed (its hold ended).
      const roLapsed = ro
        ? ro.result.then((r) => {
            throw failure('ResourceUnavailable', r.reason ?? `resource order ${r.resourceOrderId} ${r.state}`);
          })
        : new Promise<never>(() => undefined);
      const delivered = await orCancelled(
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
      checkpoint();

      // The work is scheduled and supplier parts are in: RM&O configures what it reserved.
      let resourceIds: string[] = [];
      if (ro) {
        // An order that has just ended cannot take the signal: its result says why it ended.
        if (!ro.outcome) {
          await ro.handle
            .signal(proceedWithResourceOrderSignal, { deliveredResourceIds: delivered.flatMap((d) => d.resourceIds) })
            .catch(() => undefined);
        }
        const provisioned = await orCancelled(ro.result);
        if (provisioned.state !== 'completed')
          throw failure('ResourceUnavailable', provisioned.reason ?? `resource order ${provisioned.state}`);
        resourceIds = provisioned.resources.map((r) => r.id);
      }
      checkpoint();
      at('1.F.2.2.3');
      await smo.trackAndManageWorkOrders({ action: 'complete', serviceOrderId, delivered });
      await done('1.F.2.2.3', 'work orders completed');
      checkpoint();
      await takeAmendments();

      // 1.F.2.2.4 / 1.F.2.2.5 — implement and test; a failed test goes back to implementation,
      // then back to design, before the order fails.
      let implemented = false;
      for (let revision = 0; ; revision++) {
        let lastFailure: ApplicationFailure | undefined;
        for (let attempt = 0; attempt <= IMPLEMENTATION_RETRIES; attempt++) {
          checkpoint();
          at('1.F.2.2.4');
          await smo.implementConfigureAndActivateService({ action: 'implement', serviceId, resourceIds });
          if (!implemented) {
            implemented = true;
            compensations.push((reason) =>
              smo.implementConfigureAndActivateService({ action: 'undo', serviceId, reason }),
            );
          }
          await done('1.F.2.2.4');
          checkpoint();
          at('1.F.2.2.5');
          try {
            await smo.testServiceEndToEnd({ serviceOrderId, serviceId });
            lastFailure = undefined;
            await done('1.F.2.2.5', 'end-to-end test passed');
            break;
          } catch (err) {
            const rejection = businessRejection(err);
            if (rejection?.type !== 'TestFailed') throw err;
            lastFailure = rejection;
            await done('1.F.2.2.5', rejection.message);
          }
        }
        if (!lastFailure) break;
        if (revision >= REDESIGNS) throw lastFailure;
        checkpoint();
        at('1.F.2.2.1');
        await smo.designSolution({
          action: 'redesign',
          serviceOrderId,
          reason: `end-to-end test failed ${IMPLEMENTATION_RETRIES + 1} times: ${lastFailure.message}`,
        });
        // Not reported to Order Handling: it reads its last report to know the service is
        // installed (and amendments closed), and a redesign does not uninstall it.
      }
      checkpoint();

      // 1.F.2.2.6 — activate; the order completes.
      await takeAmendments();
      at('1.F.2.2.6');
      await smo.activateService({ action: 'activate', serviceOrderId, serviceId });
      view.state = 'completed';
      await done('1.F.2.2.6', 'service active');
      return finish('completed', null, { parameters: allocated.parameters, resourceIds });
    } catch (err) {
      // Anything but a Temporal failure is a bug: let the workflow task fail until it is fixed.
      if (!(err instanceof TemporalFailure)) throw err;
      const cancelled = isCancellation(err);
      const reason = cancelled ? 'cancelled' : reasonOf(err);
      view.state = cancelled ? 'pendingCancellation' : view.state;
      view.reason = reason;
      await CancellationScope.nonCancellable(async () => {
        for (const undo of compensations.reverse()) await undo(reason, cancelled ? 'cancelled' : 'failed');
      });
      if (cancelled) {
        finish('cancelled', reason);
        throw err;
      }
      return finish('failed', reason);
    }
  }

  /** A cease: RM&O takes the resources back, the identifiers return to their pools, the service ends. */
  async function cease(): Promise<ServiceOrderResult> {
    if (!req.serviceId) return finish('failed', 'a cease names the service to cease');
    const serviceId = req.serviceId;
    at('1.F.2.2.1');
    const planned = await smo.designSolution({ action: 'cease', order: header, serviceId });
    if (planned.action !== 'cease') throw new Error('designSolution answered another action');
    view.state = 'inProgress';
    await done('1.F.2.2.1', `cease of ${serviceId}`);
    const { design } = planned;
    if (design.resourceNeeds.length > 0 || design.supplierComponents.length > 0) {
      const taken = await executeChild<ResourceOrderWorkflow>('resourceOrder', {
        taskQueue: layerQueue('rmo'),
        workflowId: `${serviceOrderId}/RO`,
        args: [
          {
            // RM&O finds what the service's earlier orders hold: this order only takes it back.
            resourceOrderId: `${serviceOrderId}/RO`,
            serviceOrderId,
            serviceId,
            customerId: req.customerId,
            region: req.region,
            action: 'delete',
            needs: [],
            timings: req.timings,
          },
        ],
      });
      if (taken.state !== 'completed') return finish('failed', taken.reason ?? `resource order ${taken.state}`);
    }
    at('1.F.2.2.2');
    await smo.allocateSpecificServiceParameters({
      action: 'release',
      serviceId,
      reason: `service ${serviceId} ceased`,
    });
    await done('1.F.2.2.2', 'identifiers released');
    at('1.F.2.2.6');
    await smo.activateService({
      action: 'deactivate',
      serviceId,
      reason: 'ceased',
      closeOrder: { serviceOrderId, state: 'completed' },
    });
    view.state = 'completed';
    await done('1.F.2.2.6', 'service terminated');
    return finish('completed', null);
  }
}
