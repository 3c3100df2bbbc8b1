import { CancellationScope, condition, isCancellation, proxyActivities, setHandler } from '@temporalio/workflow';
import type { RmoActivities } from '../../activities/rmo';
import type {
  AllocatedResource,
  ResourceAvailability,
  ResourceNeed,
  ResourceOrderRequest,
  ResourceOrderResult,
  ResourceOrderState,
} from '../../src/domain/fulfilment/resource-order';
import { SYSTEM_CALL } from '../shared/activity-options';
import { businessRejection, reasonOf } from '../shared/failures';
import { getResourceOrderQuery, proceedWithResourceOrderSignal } from '../shared/fulfilment-messages';
import { markProgress } from '../shared/search-attributes';

/**
 * Resource Provisioning (1.F.3.2), the RM&O side of fulfilment: one resource order per
 * service, started by SM&O. It reserves, then holds the reservation until SM&O says the work
 * can go ahead (on-site work scheduled, supplier parts in) — or lets it go when the hold ends —
 * then configures, tests and records. Any permanent failure, or a cancellation by SM&O, gives
 * back what was taken; the inventory is then exactly as it was.
 */

const rmo = proxyActivities<RmoActivities>(SYSTEM_CALL);

/** Pre-order feasibility (1.F.3.2.1 in check mode): what could be reserved now. Nothing is. */
export async function resourceAvailability(input: { region: string; needs: ResourceNeed[] }): Promise<ResourceAvailability> {
  const out = await rmo.allocateAndInstallResource({ action: 'check', region: input.region, needs: input.needs });
  return out.availability!;
}

export async function resourceOrder(req: ResourceOrderRequest): Promise<ResourceOrderResult> {
  const view = {
    id: req.resourceOrderId,
    state: 'acknowledged' as ResourceOrderState,
    currentProcess: null as string | null,
    reason: null as string | null,
    resourceIds: [] as string[],
  };
  setHandler(getResourceOrderQuery, () => view);
  let proceed: { deliveredResourceIds: string[] } | undefined;
  setHandler(proceedWithResourceOrderSignal, (p) => {
    proceed = p;
  });
  const at = (process: string, state: ResourceOrderState = view.state) => {
    view.currentProcess = process;
    view.state = state;
    markProgress({ process, state, layer: 'RM&O', customerId: req.customerId });
  };
  const result = (state: ResourceOrderResult['state'], reason: string | null, resources: AllocatedResource[] = []): ResourceOrderResult => {
    view.state = state;
    view.reason = reason;
    markProgress({ state });
    return { resourceOrderId: req.resourceOrderId, state, reason, resources };
  };

  if (req.action === 'delete') {
    // Ceasing a service: take down and give back everything it holds.
    at('1.F.3.2.2', 'inProgress');
    await rmo.configureAndActivateResource({ action: 'deactivate', reservationId: req.resourceOrderId, reason: `service ${req.serviceId} ceased` });
    return result('completed', null);
  }

  let reserved = false;
  try {
    at('1.F.3.2.1', 'inProgress');
    const holdUntil = new Date(Date.now() + req.timings.reservationHold).toISOString();
    try {
      const r = await rmo.allocateAndInstallResource({
        action: 'reserve',
        resourceOrderId: req.resourceOrderId,
        serviceOrderId: req.serviceOrderId,
        serviceId: req.serviceId,
        customerId: req.customerId,
        region: req.region,
        needs: req.needs,
        holdUntil,
      });
      view.resourceIds = r.resources.map((x) => x.id);
    } catch (err) {
      const rejection = businessRejection(err);
      if (rejection) return result('failed', rejection.message);
      throw err;
    }
    reserved = true;

    // The hold: a durable timer. No go-ahead before it ends → the reservation lapses.
    view.state = 'pending';
    if (!(await condition(() => proceed !== undefined, req.timings.reservationHold))) {
      await release('failed', 'reservation hold expired');
      return result('failed', 'reservation hold expired');
    }

    at('1.F.3.2.2', 'inProgress');
    await rmo.configureAndActivateResource({ action: 'activate', resourceOrderId: req.resourceOrderId, serviceId: req.serviceId });
    at('1.F.3.2.3');
    await rmo.testResource({ resourceOrderId: req.resourceOrderId });
    at('1.F.3.2.4');
    const report = await rmo.collectUpdateAndReportResourceConfigurationData({ resourceOrderId: req.resourceOrderId });
    view.resourceIds = report.resources.map((r) => r.id);
    return result('completed', null, report.resources);
  } catch (err) {
    const cancelled = isCancellation(err);
    if (!cancelled && !businessRejection(err)) throw err;
    const reason = reasonOf(err);
    if (reserved) await release(cancelled ? 'cancelled' : 'failed', reason);
    if (cancelled) throw err;
    return result('failed', reason);
  }

  /** Undo, newest first and whatever cancellation is under way: unconfigure, then release. */
  async function release(finalState: 'failed' | 'cancelled', reason: string): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      await rmo.configureAndActivateResource({ action: 'deactivate', reservationId: req.resourceOrderId, reason });
      await rmo.allocateAndInstallResource({ action: 'release', resourceOrderId: req.resourceOrderId, reason, finalState });
    });
    view.state = finalState;
  }
}
