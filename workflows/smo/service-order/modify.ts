import { ActivityFailure, ChildWorkflowFailure, executeChild, isCancellation } from '@temporalio/workflow';
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
 * A service modified in place (a speed change): 1.F.2.2.1 records the order and redesigns the
 * solution from the service's complete characteristics after the change; RM&O configures the
 * service's elements again with what changed (a resource order `modify`, 1.F.3.2.2, its
 * configuration reported by 1.F.3.2.4); the service, still active, is tested end to end against
 * its new design (1.F.2.2.5); 1.F.2.2.6 records the new characteristics, design and QoS in the
 * service inventory. A failure part-way undoes, newest first: the elements as they were (RM&O
 * restores them itself when it fails), the inventory untouched, the order failed. A
 * cancellation is taken between steps (until the inventory takes the change) and undoes the same
 * way; the order ends cancelled.
 */
export async function modify(o: ServiceOrderRun): Promise<ServiceOrderResult> {
  const { req, serviceOrderId } = o;
  const serviceId = req.serviceId!;

  o.at('1.F.2.2.1');
  let change: { to: Record<string, unknown> };
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
  try {
    o.checkpoint();
    if (Object.keys(change.to).length > 0) {
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
    o.at('1.F.2.2.5');
    await smo.testServiceEndToEnd({ serviceOrderId, serviceId });
    await o.done('1.F.2.2.5', 'tested end to end');
    // The last point a cancellation is taken: past it, the inventory takes the change.
    o.checkpoint();
    o.at('1.F.2.2.6');
    await smo.activateService({ action: 'commitChange', serviceOrderId });
    o.view.state = 'completed';
    await o.done('1.F.2.2.6', 'service inventory updated');
    return o.finish('completed', null, { serviceId, resourceIds });
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
