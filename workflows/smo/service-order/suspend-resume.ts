import { ActivityFailure, ChildWorkflowFailure, executeChild, patched } from '@temporalio/workflow';
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
 * A resumed service no element carries (RM&O unblocked none: a static IP range, identifiers
 * alone) is not tested on the network, where nothing carries it; the inventory resumes it.
 */
export const RESUME_WITHOUT_ELEMENTS = 'resume-without-elements';

/**
 * A service suspended (dunning, 1.B.1.8.5) or resumed (the debt paid): 1.F.2.2.1 records the
 * order; RM&O blocks or unblocks the service's elements (a resource order of the same action,
 * 1.F.3.2.2); a resumed service is tested end to end (1.F.2.2.5) before 1.F.2.2.6 puts it back
 * to active — a suspended one goes to inactive. A service already as asked changes nothing. A
 * failure part-way undoes what was done, newest first (labelled, as the saga sample does): the
 * elements and the service are as before, and the order closes failed.
 */
export async function suspendOrResume(o: ServiceOrderRun): Promise<ServiceOrderResult> {
  const { req, serviceOrderId } = o;
  const change = req.action === 'suspend' ? 'suspend' : 'resume';
  const serviceId = req.serviceId!;

  o.at('1.F.2.2.1');
  let needed: boolean;
  try {
    ({ needed } = await smo.designSolution({ action: 'openChange', order: o.header, serviceId, change }));
  } catch (err) {
    if (!businessRejection(err)) throw err;
    return o.finish('failed', reasonOf(err), { serviceId });
  }
  o.view.state = 'inProgress';
  await o.done('1.F.2.2.1', needed ? `${change} of ${serviceId}` : `${serviceId} already ${change}d`);

  const saga = new Saga<[string]>({ etomId: '1.F.2.2', businessId: serviceOrderId });
  let resourceIds: string[] = [];
  try {
    if (needed) {
      o.at('1.F.2.2.4');
      const base = { ...resourceOrderFor(o, serviceId) };
      const id = resourceOrderId(serviceOrderId);
      const done = await executeChild(
        resourceOrder,
        resourceOrderStart(id, { ...base, resourceOrderId: id, action: change }),
      );
      // RM&O put its own elements back when it failed: nothing of it to undo here.
      if (done.state !== 'completed') throw new RmoRefused(done.reason ?? `resource order ${done.state}`);
      resourceIds = done.resources.map((r) => r.id);
      const undoId = resourceOrderUndoId(serviceOrderId);
      const opposite = change === 'suspend' ? 'resume' : 'suspend';
      saga.add(`${opposite} the service's elements (RM&O)`, () =>
        executeChild(resourceOrder, resourceOrderStart(undoId, { ...base, resourceOrderId: undoId, action: opposite })),
      );
      await o.done('1.F.2.2.4', `elements ${change === 'suspend' ? 'blocked' : 'unblocked'}`);
      if (change === 'resume' && (resourceIds.length > 0 || !patched(RESUME_WITHOUT_ELEMENTS))) {
        o.at('1.F.2.2.5');
        await smo.testServiceEndToEnd({ serviceOrderId, serviceId });
        await o.done('1.F.2.2.5', 'tested end to end');
      }
    }
    o.at('1.F.2.2.6');
    await smo.activateService({ action: change, serviceOrderId, serviceId });
    o.view.state = 'completed';
    await o.done('1.F.2.2.6', `service ${change}d`);
    return o.finish('completed', null, { serviceId, resourceIds });
  } catch (err) {
    if (!(err instanceof ActivityFailure) && !(err instanceof ChildWorkflowFailure) && !(err instanceof RmoRefused))
      throw err;
    const reason = reasonOf(err);
    await saga.compensate([reason]);
    await smo.activateService({ action: 'failChange', serviceOrderId, reason });
    o.view.state = 'failed';
    return o.finish('failed', reason, { serviceId });
  }
}
