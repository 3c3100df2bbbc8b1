import {
  ActivityCancellationType,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { RmoActivities } from '../../activities/rmo';
import type { WorkOrderCompletion, WorkOrderRequest, WorkOrderResult } from '../../src/domain/assurance/messages';
import type { AssuranceTimingsInput } from '../../src/domain/assurance/timings';
import { SYSTEM_CALL } from '../shared/activity-options';
import { childStart, type ChildExtras } from '../shared/child';
import { workOrderCompletedSignal } from '../shared/assurance-messages';
import { businessRejection, reasonOf } from '../shared/failures';
import { markProgress } from '../shared/search-attributes';
import { WorkOrderRequest as WorkOrderRequestContract } from '../../src/domain/assurance/messages';
import { validInput } from '../shared/valid-input';

/**
 * Manage Workforce (1.O.3.1.6) for one task: a technician is assigned by skill, region and
 * load (dispatched), the task is tracked until the technician reports; past the repair target
 * it is escalated (handed to another technician, or flagged) and tracked again. The requester
 * cancelling the workflow calls the technician off.
 *
 * Started as a child (workflow id `${reference}/WO`) by SM&O (1.A.2.3.3) or RM&O (1.A.3.3.3);
 * the technician reports by signal `workOrderCompleted`.
 */

const rmo = proxyActivities<RmoActivities>({
  ...SYSTEM_CALL,
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

/** The contract's request; `resourceId` names the element to put right when the work is a repair. */
export type WorkOrderInput = Omit<WorkOrderRequest, 'timings'> & {
  timings: AssuranceTimingsInput | WorkOrderRequest['timings'];
  resourceId?: string;
};

/** How many times a work order is escalated before it is reported not fixed. */
const MAX_ESCALATIONS = 3;

/** The technician's visit for a piece of work: `<reference>/WO`. */
export const workOrderWorkflowId = (reference: string) => `${reference}/WO`;

/** Workforce Management runs on the RM&O queue. */
export function workOrderStart(workflowId: string, req: WorkOrderInput, extras?: ChildExtras) {
  return childStart<typeof workOrder>('rmo', workflowId, [req], extras);
}

export async function workOrder(req: WorkOrderInput): Promise<WorkOrderResult> {
  validInput(WorkOrderRequestContract, req);
  let completion: WorkOrderCompletion | undefined;
  setHandler(workOrderCompletedSignal, (c) => {
    completion ??= c;
  });
  markProgress({ layer: 'RM&O', process: '1.O.3.1.6', state: 'assigned' });

  let dispatched;
  try {
    dispatched = await rmo.manageWorkforce({
      action: 'dispatch',
      reference: req.reference,
      kind: req.kind,
      skill: req.skill,
      region: req.region,
      description: req.description,
      repairTarget: req.timings.repairTarget,
    });
  } catch (err) {
    const rejection = businessRejection(err);
    if (!rejection) throw err;
    markProgress({ state: 'failed' });
    return {
      workOrderId: `${req.reference}/WO`,
      technicianId: null,
      outcome: 'notFixed',
      escalated: false,
      notes: reasonOf(err),
    };
  }
  const workOrderId = dispatched.workOrder.workOrderId;
  let technicianId = dispatched.workOrder.technicianId;
  let escalated = false;
  const repairTarget = dispatched.repairTargetMs ?? 4 * 3_600_000;

  try {
    markProgress({ state: 'inProgress' });
    for (let round = 0; ; round++) {
      if (await condition(() => completion !== undefined && completion.workOrderId === workOrderId, repairTarget))
        break;
      if (completion && completion.workOrderId !== workOrderId) completion = undefined;
      if (round >= MAX_ESCALATIONS) {
        const out = await rmo.manageWorkforce({
          action: 'cancel',
          workOrderId,
          reason: `not completed after ${MAX_ESCALATIONS} escalations`,
        });
        markProgress({ state: 'cancelled' });
        return { workOrderId, technicianId, outcome: 'notFixed', escalated, notes: out.workOrder.notes ?? '' };
      }
      const out = await rmo.manageWorkforce({
        action: 'escalate',
        workOrderId,
        reason: `repair target passed (${Math.round(repairTarget / 1000)} s)`,
      });
      escalated = true;
      technicianId = out.workOrder.technicianId;
      markProgress({ state: 'escalated' });
    }
    const c = completion!;
    const out = await rmo.manageWorkforce({
      action: 'complete',
      workOrderId,
      outcome: c.outcome,
      notes: c.notes ?? '',
      resourceId: req.resourceId ?? null,
    });
    markProgress({ state: 'completed' });
    const fixed = c.outcome === 'fixed' && (out.repair?.passed ?? true);
    return {
      workOrderId,
      technicianId,
      outcome: fixed ? 'fixed' : 'notFixed',
      escalated,
      notes: out.workOrder.notes ?? '',
    };
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // The requester called the work off: so is the technician.
    await CancellationScope.nonCancellable(() =>
      rmo.manageWorkforce({ action: 'cancel', workOrderId, reason: 'cancelled by the requester' }),
    );
    markProgress({ state: 'cancelled' });
    throw err;
  }
}
