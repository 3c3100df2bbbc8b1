import type { WorkflowHandle } from '@temporalio/client';
import type { TroubleTicketRequestInput, WorkOrderCompletion } from '../../src/domain/assurance/messages';
import type { AssuranceTimingsInput } from '../../src/domain/assurance/timings';
import type { troubleTicket } from '../../workflows/crm/problem-handling';
import type { WorkOrderInput, workOrder } from '../../workflows/rmo/workforce-management';
import { getTroubleTicketQuery, workOrderCompletedSignal } from '../../workflows/shared/assurance-messages';
import { eventually } from './fulfilment';
import type { TestRuntime } from './runtime';

/** Assurance waits short enough for a workflow test, long enough for a loaded machine. */
export const ASSURANCE_TEST_TIMINGS: AssuranceTimingsInput = {
  restorationTarget: '60 seconds',
  escalationMargin: '5 seconds',
  satisfactionWait: '2 seconds',
  transientWindow: '2 seconds',
  missingInfoTimeout: '3 seconds',
  repairTarget: '60 seconds',
  supplierResolutionTarget: '60 seconds',
  supplierPollInterval: '1 second',
};

/** A repair of CPE-LYO-1's router asked of Manage Workforce (1.O.3.1.6), on this test's RM&O queue. */
export function startWorkOrder(
  rt: TestRuntime,
  name: string,
  over: Partial<WorkOrderInput> = {},
): Promise<WorkflowHandle<typeof workOrder>> {
  const reference = rt.id(name);
  return rt.client.workflow.start<typeof workOrder>('workOrder', {
    taskQueue: rt.queue('rmo'),
    workflowId: `${reference}/WO`,
    args: [
      {
        reference,
        kind: 'repair',
        skill: 'cpe',
        region: 'LYO',
        description: 'repair the router',
        resourceId: 'CPE-LYO-1',
        ...over,
        timings: { ...ASSURANCE_TEST_TIMINGS, ...over.timings },
      },
    ],
  });
}

/** A customer calls about a trouble: the CRM ticket workflow, on this test's CRM queue. */
export function reportTrouble(
  rt: TestRuntime,
  name: string,
  over: Partial<TroubleTicketRequestInput> & { timings?: AssuranceTimingsInput } = {},
): Promise<WorkflowHandle<typeof troubleTicket>> {
  const ticketId = rt.id(name);
  return rt.client.workflow.start<typeof troubleTicket>('troubleTicket', {
    taskQueue: rt.queue('crm'),
    workflowId: ticketId,
    args: [
      {
        ticketId,
        origin: 'customer',
        customerId: 'CUST-1005',
        serviceId: 'SVC-IB04-1',
        description: 'no internet since this morning',
        ...over,
        timings: { ...ASSURANCE_TEST_TIMINGS, ...over.timings },
      },
    ],
  });
}

/** Waits until a technician is assigned the work order for `reference`. */
export const workOrderAssigned = (rt: TestRuntime, reference: string) =>
  eventually(
    async () => (await rt.store.ports.workforce.byReference(reference)).find((w) => w.state === 'assigned'),
    `a work order for ${reference}`,
  );

/**
 * Plays the technician: waits until the work order for `reference` is dispatched, then reports
 * it done (signal workOrderCompleted to `${reference}/WO`). Returns the work order id.
 */
export async function waitForWorkOrderAndComplete(
  rt: TestRuntime,
  reference: string,
  completion: Partial<Omit<WorkOrderCompletion, 'workOrderId'>> = {},
): Promise<string> {
  const wo = await workOrderAssigned(rt, reference);
  await rt.client.workflow.getHandle(`${reference}/WO`).signal(workOrderCompletedSignal, {
    workOrderId: wo.id,
    outcome: 'fixed',
    notes: 'router replaced',
    ...completion,
  });
  return wo.id;
}

/** Waits until the ticket's workflow (started, perhaps, by another layer meanwhile) says it is in `state`. */
export const ticketIn = (h: WorkflowHandle, state: string, ms?: number) =>
  eventually(
    async () => (await h.query(getTroubleTicketQuery).catch(() => undefined))?.state === state,
    `ticket ${h.workflowId} ${state}`,
    ms,
  );

export const rowsOf = (rt: TestRuntime, sql: string, ...a: unknown[]) =>
  rt.store.db.prepare(sql).all(...a) as Array<Record<string, unknown>>;

/** The subjects of what was sent about `reference` (a ticket: what the customer was told), oldest first. */
export const noticeSubjects = (rt: TestRuntime, reference: string, subjectLike = '%') =>
  rowsOf(
    rt,
    'SELECT subject FROM notifications WHERE reference = ? AND subject LIKE ? ORDER BY id',
    reference,
    subjectLike,
  ).map((n) => String(n['subject']));
