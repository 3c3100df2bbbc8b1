import { ApplicationFailure, ChildWorkflowCancellationType, patched } from '@temporalio/workflow';
import { workOrder, workOrderStart, workOrderWorkflowId } from '../../rmo/workforce-management';
import { type OwnedChild, startOwned } from './owned-child';
import type { OrderSaga } from './provide';
import { type ServiceOrderRun, smo } from './run';

/**
 * From this patch on, 1.F.2.2.3 hands the on-site work to Manage Workforce (1.O.3.1.6): RM&O's
 * `workOrder` child assigns the technician, tracks and escalates the visit, and the install is
 * done when the technician reports it done. Runs made before it dispatch and complete the
 * technician's work order from 1.F.2.2.3 itself, as they did.
 */
export const INSTALL_THROUGH_WORKFORCE = 'install-through-workforce-management';

/** The technician's visit, when Manage Workforce runs it. */
export type OnSiteVisit = OwnedChild<typeof workOrder> | undefined;

type Delivered = Array<{ resourceSpecId: string; resourceIds: string[] }>;

/**
 * 1.F.2.2.3 — the technician is set to work: the visit is Manage Workforce's (1.O.3.1.6), on the
 * RM&O queue, at `<service order>/WO`, where the technician's report is signalled.
 */
export async function dispatchWorkOrders(o: ServiceOrderRun, saga: OrderSaga): Promise<OnSiteVisit> {
  const { serviceOrderId } = o;
  o.at('1.F.2.2.3');
  const viaWorkforce = patched(INSTALL_THROUGH_WORKFORCE);
  const { onSiteWork } = await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId, viaWorkforce });
  const visit = onSiteWork
    ? await startOwned(
        workOrder,
        workOrderStart(
          workOrderWorkflowId(serviceOrderId),
          {
            reference: serviceOrderId,
            kind: onSiteWork.kind,
            skill: onSiteWork.skill,
            region: onSiteWork.region,
            description: onSiteWork.description,
            // The fulfilment flow's own target for an on-site work order (escalated past it).
            timings: { repairTarget: o.req.timings.workOrderTimeout },
          },
          { cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED },
        ),
      )
    : undefined;
  saga.add('1.F.2.2.3 cancel the work orders', async (reason) => {
    if (visit && !visit.outcome) {
      // Still on site: cancelling the visit calls the technician off (1.O.3.1.6 cancels it).
      visit.scope.cancel();
      await visit.result.catch(() => undefined);
    }
    await smo.trackAndManageWorkOrders({ action: 'cancel', serviceOrderId, reason });
  });
  await o.done('1.F.2.2.3', 'work orders dispatched');
  o.checkpoint();
  return visit;
}

/**
 * 1.F.2.2.3 — the supplier parts are in and the technician reported the install done (to
 * Manage Workforce, whose result is awaited here); late amendments go to design.
 */
export async function completeWorkOrders(o: ServiceOrderRun, delivered: Delivered, visit: OnSiteVisit): Promise<void> {
  const reported = visit ? await o.orCancelled(visit.result) : undefined;
  o.checkpoint();
  if (reported && reported.outcome !== 'fixed') {
    throw ApplicationFailure.create({
      type: 'ActivationFailed',
      // The work order's notes end with the technician's report.
      message: `on-site install not done (work order ${reported.workOrderId}): ${reported.notes.split('\n').at(-1) || reported.outcome}`,
      nonRetryable: true,
    });
  }
  o.at('1.F.2.2.3');
  await smo.trackAndManageWorkOrders({
    action: 'complete',
    serviceOrderId: o.serviceOrderId,
    delivered,
    ...(reported
      ? {
          workOrder: {
            workOrderId: reported.workOrderId,
            technicianId: reported.technicianId,
            notes: reported.notes,
          },
        }
      : {}),
  });
  await o.done('1.F.2.2.3', 'work orders completed');
  o.checkpoint();
  await o.takeAmendments();
}
