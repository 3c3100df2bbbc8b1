import {
  ApplicationFailure,
  ChildWorkflowCancellationType,
  log,
  patched,
  type WorkflowResultType,
} from '@temporalio/workflow';
import type { ResourceOrderRequest } from '../../../src/domain/fulfilment/resource-order';
import type { ServiceDesign } from '../../../src/domain/fulfilment/service-design';
import { resourceOrder, resourceOrderStart } from '../../rmo/resource-provisioning';
import { businessRejection } from '../../shared/failures';
import { proceedWithResourceOrderSignal } from '../../shared/fulfilment-messages';
import { startOwned } from './owned-child';
import type { OrderSaga } from './provide';
import { type ServiceOrderRun, smo } from './run';

/** A failed end-to-end test goes back to implementation this many times, then to design once. */
export const IMPLEMENTATION_RETRIES = 2;
export const REDESIGNS = 1;

/**
 * From this patch on, a redesign diagnoses the resources the service was built on, and RM&O
 * replaces those failing it (a resource order of the new revision) before 1.F.2.2.4 and 1.F.2.2.5
 * run again on the new set. Runs made before it build the same design again, as they did.
 */
export const REDESIGN_REPLACES_FAILING_RESOURCES = 'redesign-replaces-failing-resources';

/** What RM&O provisioned, with the configuration its 1.F.3.2.4 reported. */
export type Provisioned = WorkflowResultType<typeof resourceOrder>['resources'];

/** What RM&O's 1.F.3.2.4 reported, for 1.F.2.2.4 to check; none when its resource order did not report it. */
export function configurationReport(resources: Provisioned) {
  const reported = resources.flatMap((r) =>
    r.configuration ? [{ resourceId: r.id, configuration: r.configuration }] : [],
  );
  return reported.length === resources.length && reported.length > 0 ? reported : undefined;
}

/** The resource order of a design revision: the first one's id, then `-r<revision>`. */
export const revisionResourceOrderId = (design: ServiceDesign): string =>
  `${design.resourceOrderId}-r${design.revision}`;

/**
 * 1.F.2.2.4 / 1.F.2.2.5 — implement and test; a failed test goes back to implementation,
 * then back to design, before the order fails. Resolves to the resources the service runs on.
 */
export async function implementAndTest(
  o: ServiceOrderRun,
  saga: OrderSaga,
  serviceId: string,
  provisioned: Provisioned,
  firstOrderId?: string,
): Promise<string[]> {
  let implemented = false;
  // Which resource order holds each resource: a redesign has RM&O give back the failing ones.
  let resources = provisioned.map((r) => ({ ...r, resourceOrderId: firstOrderId ?? '' }));
  for (let revision = 0; ; revision++) {
    let lastFailure: ApplicationFailure | undefined;
    for (let attempt = 0; attempt <= IMPLEMENTATION_RETRIES; attempt++) {
      o.checkpoint();
      if (attempt > 0) log.info('end-to-end test failed: back to implementation', { ...o.logAttributes(), attempt });
      await implement();
      lastFailure = await testEndToEnd();
      if (!lastFailure) break;
    }
    if (!lastFailure) break;
    if (revision >= REDESIGNS) throw lastFailure;
    o.checkpoint();
    await redesign(lastFailure);
  }
  o.checkpoint();
  return resources.map((r) => r.id);

  /** 1.F.2.2.4 — implement, configure and activate the service (once undone, if the order stops). */
  async function implement(): Promise<void> {
    o.at('1.F.2.2.4');
    const reported = configurationReport(resources);
    await smo.implementConfigureAndActivateService({
      action: 'implement',
      serviceId,
      resourceIds: resources.map((r) => r.id),
      ...(reported ? { reported } : {}),
    });
    if (!implemented) {
      implemented = true;
      saga.add('1.F.2.2.4 undo the implementation', (reason) =>
        smo.implementConfigureAndActivateService({ action: 'undo', serviceId, reason }),
      );
    }
    await o.done('1.F.2.2.4');
    o.checkpoint();
  }

  /** 1.F.2.2.5 — test end to end; resolves to the failure when the test fails. */
  async function testEndToEnd(): Promise<ApplicationFailure | undefined> {
    o.at('1.F.2.2.5');
    try {
      await smo.testServiceEndToEnd({ serviceOrderId: o.serviceOrderId, serviceId });
      await o.done('1.F.2.2.5', 'end-to-end test passed');
      return undefined;
    } catch (err) {
      const rejection = businessRejection(err);
      if (rejection?.type !== 'TestFailed') throw err;
      await o.done('1.F.2.2.5', rejection.message);
      return rejection;
    }
  }

  /** 1.F.2.2.1 — the tests keep failing: back to design for a new revision, on other resources. */
  async function redesign(lastFailure: ApplicationFailure): Promise<void> {
    const reason = `end-to-end test failed ${IMPLEMENTATION_RETRIES + 1} times: ${lastFailure.message}`;
    log.info('end-to-end test keeps failing: redesign', o.logAttributes('1.F.2.2.1'));
    o.at('1.F.2.2.1');
    const replacing =
      resources.length > 0 && firstOrderId !== undefined && patched(REDESIGN_REPLACES_FAILING_RESOURCES);
    const { design } = await smo.designSolution({
      action: 'redesign',
      serviceOrderId: o.serviceOrderId,
      reason,
      ...(replacing
        ? { resources: resources.map((r) => ({ resourceId: r.id, resourceSpecId: r.resourceSpecId })) }
        : {}),
    });
    // Not reported to Order Handling: it reads its last report to know the service is
    // installed (and amendments closed), and a redesign does not uninstall it.
    if (replacing && design.replaced?.length) await replaceResources(design);
  }

  /**
   * RM&O reserves others of the failing resources' specifications (the failing ones are still
   * held, so the inventory picks others), configures and tests them, then gives the failing
   * ones back; the service is then built on the new set.
   */
  async function replaceResources(design: ServiceDesign): Promise<void> {
    const failing = new Set(design.replaced!.map((r) => r.resourceId));
    const orders = [...new Set(resources.filter((r) => failing.has(r.id)).map((r) => r.resourceOrderId))];
    const id = revisionResourceOrderId(design);
    const request: ResourceOrderRequest = {
      resourceOrderId: id,
      serviceOrderId: o.serviceOrderId,
      serviceId,
      customerId: o.req.customerId,
      region: o.req.region,
      action: 'add',
      needs: design.replaced!.map((r) => ({ resourceSpecId: r.resourceSpecId, quantity: 1 })),
      replaces: orders.map((resourceOrderId) => ({
        resourceOrderId,
        resourceIds: resources
          .filter((r) => r.resourceOrderId === resourceOrderId && failing.has(r.id))
          .map((r) => r.id),
      })),
      timings: o.req.timings,
    };
    const ro = await startOwned(
      resourceOrder,
      resourceOrderStart(id, request, { cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED }),
    );
    // Older undos take back what completed orders of the service hold; this one stops it first.
    saga.add('1.F.3.2 stop the redesign resource order', async () => {
      if (ro.outcome) return;
      ro.scope.cancel();
      await ro.result.catch(() => undefined);
    });
    // Nothing to wait for: the work was done on site, and nothing comes from a supplier.
    await ro.handle.signal(proceedWithResourceOrderSignal, { deliveredResourceIds: [] }).catch(() => undefined);
    const replaced = await o.orCancelled(ro.result);
    if (replaced.state !== 'completed')
      throw ApplicationFailure.create({
        type: 'ResourceUnavailable',
        message: replaced.reason ?? `resource order ${id} ${replaced.state}`,
        nonRetryable: true,
      });
    resources = [
      ...resources.filter((r) => !failing.has(r.id)),
      ...replaced.resources.map((r) => ({ ...r, resourceOrderId: id })),
    ];
    o.checkpoint();
  }
}
