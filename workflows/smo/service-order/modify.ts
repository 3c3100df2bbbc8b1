import { ActivityFailure, ChildWorkflowFailure, executeChild, isCancellation, patched } from '@temporalio/workflow';
import type { ServiceOrderResult } from '../../../src/domain/fulfilment/service-order';
import {
  resourceOrder,
  resourceOrderId,
  resourceOrderStart,
  resourceOrderUndoId,
} from '../../rmo/resource-provisioning';
import { businessRejection, reasonOf } from '../../shared/failures';
import { Saga } from '../../shared/saga';
import { type ServiceOrderRun, smo } from './run';
import { resourceOrderFor, RmoRefused } from './service-change';

/**
 * A service modified in place (a speed change, an extra static range): 1.F.2.2.1 records the
 * order and redesigns the solution from the service's complete characteristics after the change;
 * 1.F.2.2.2 allots the identifiers the new design asks for beyond those held; RM&O configures the
 * service's elements again with what changed (a resource order `modify`, 1.F.3.2.2, its
 * configuration reported by 1.F.3.2.4); the service, still active, is tested end to end against
 * its new design (1.F.2.2.5); 1.F.2.2.6 records the new characteristics, design and QoS in the
 * service inventory. A failure part-way undoes, newest first: the elements as they were (RM&O
 * restores them itself when it fails), the inventory untouched, the order failed. A
 * cancellation is taken between steps (until the inventory takes the change) and undoes the same
 * way; the order ends cancelled.
 */
/**
 * From this patch on, a modify follows its redesign: 1.F.2.2.2 allots the identifiers the new
 * design asks for beyond those held (an extra static range; given back, newest first, if the
 * change fails) and gives back those it no longer needs once the change is in; a service no
 * element carries (identifiers only) is neither reconfigured by RM&O nor tested end to end.
 * Runs made before it reconfigure and test every service, and never touch its identifiers.
 */
export const MODIFY_BY_DESIGN = 'modify-by-design';

export async function modify(o: ServiceOrderRun): Promise<ServiceOrderResult> {
  const { req, serviceOrderId } = o;
  const serviceId = req.serviceId!;

  o.at('1.F.2.2.1');
  let change: {
    to: Record<string, unknown>;
    identifiersChange?: boolean;
    design: { resourceNeeds: unknown[]; supplierComponents: unknown[] };
  };
  try {
    await smo.designSolution({ action: 'openChange', order: o.header, serviceId, change: 'modify' });
    change = await smo.designSolution({
      action: 'redesignChange',
      serviceOrderId,
      characteristics: req.characteristics,
    });
  } catch (err) {
    if (!businessRejection(err)) throw err;
    const reason = reasonOf(err);
    await smo.activateService({ action: 'failChange', serviceOrderId, reason });
    return o.finish('failed', reason, { serviceId });
  }
  o.view.state = 'inProgress';
  await o.done('1.F.2.2.1', `redesigned: ${Object.keys(change.to).join(', ') || 'nothing'} changes`);

  const saga = new Saga<[string]>({ etomId: '1.F.2.2', businessId: serviceOrderId });
  let resourceIds: string[] = [];
  let parameters: Record<string, string> = {};
  const byDesign = patched(MODIFY_BY_DESIGN);
  const identifiers = byDesign && change.identifiersChange === true;
  // Elements carry the service unless it is made of identifiers only (nothing for RM&O to do).
  const carried = !byDesign || change.design.resourceNeeds.length + change.design.supplierComponents.length > 0;
  try {
    if (identifiers) {
      // Before the first cancellation point: once allotted, the undo is on the saga.
      o.at('1.F.2.2.2');
      const allotted = await smo.allocateSpecificServiceParameters({ action: 'allocate', serviceId, serviceOrderId });
      parameters = allotted.parameters;
      saga.add('1.F.2.2.2 give back what the change allotted', (reason) =>
        smo.allocateSpecificServiceParameters({ action: 'trim', serviceId, reason }),
      );
      await o.done('1.F.2.2.2', 'identifiers allotted');
    }
    o.checkpoint();
    if (Object.keys(change.to).length > 0 && carried) {
      o.at('1.F.2.2.4');
      const base = { ...resourceOrderFor(o, serviceId), action: 'modify' as const };
      const id = resourceOrderId(serviceOrderId);
      const done = await executeChild(
        resourceOrder,
        resourceOrderStart(id, { ...base, resourceOrderId: id, settings: change.to }),
      );
      // RM&O put its elements back itself when it failed: nothing of it to undo here.
      if (done.state !== 'completed') throw new RmoRefused(done.reason ?? `resource order ${done.state}`);
      resourceIds = done.resources.map((r) => r.id);
      const undoId = resourceOrderUndoId(serviceOrderId);
      saga.add('configure the elements back (RM&O modify)', () =>
        executeChild(
          resourceOrder,
          resourceOrderStart(undoId, { ...base, resourceOrderId: undoId, restore: done.before }),
        ),
      );
      await o.done('1.F.2.2.4', 'elements reconfigured');
    }
    o.checkpoint();
    if (carried) {
      o.at('1.F.2.2.5');
      await smo.testServiceEndToEnd({ serviceOrderId, serviceId });
      await o.done('1.F.2.2.5', 'tested end to end');
    }
    // The last point a cancellation is taken: past it, the inventory takes the change.
    o.checkpoint();
    o.at('1.F.2.2.6');
    await smo.activateService({ action: 'commitChange', serviceOrderId });
    if (identifiers) {
      // The change is in: what the new design no longer asks for goes back to its pool.
      o.at('1.F.2.2.2');
      const kept = await smo.allocateSpecificServiceParameters({
        action: 'trim',
        serviceId,
        reason: `no longer needed after ${serviceOrderId}`,
      });
      parameters = kept.parameters;
    }
    o.view.state = 'completed';
    await o.done('1.F.2.2.6', 'service inventory updated');
    return o.finish('completed', null, { serviceId, resourceIds, parameters });
  } catch (err) {
    const cancelled = isCancellation(err);
    if (
      !cancelled &&
      !(err instanceof ActivityFailure) &&
      !(err instanceof ChildWorkflowFailure) &&
      !(err instanceof RmoRefused)
    )
      throw err;
    const reason = cancelled ? 'cancelled' : reasonOf(err);
    if (cancelled) o.view.state = 'pendingCancellation';
    await saga.compensate([reason]);
    const outcome = cancelled ? 'cancelled' : 'failed';
    await smo.activateService({ action: 'failChange', serviceOrderId, reason, outcome });
    o.finish(outcome, reason, { serviceId });
    // Cancelled, the run ends so too: the parent awaiting it sees a cancelled child.
    if (cancelled) throw err;
    return o.finish('failed', reason, { serviceId });
  }
}
