import {
  type ActivityInput,
  defaultPayloadConverter,
  type GetLogAttributesInput,
  type LocalActivityInput,
  type Next,
  type StartChildWorkflowExecutionInput,
  type TimerInput,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
  workflowInfo,
} from '@temporalio/workflow';
import { layerOfQueue, PROCESS_OF_ACTIVITY, PROCESS_OF_WORKFLOW } from './process-names';

/**
 * The Temporal Web UI speaks eTOM: every command a workflow gives carries a summary (Temporal's
 * user metadata) in the standard's words — an activity its Level-3 process ("1.F.1.5.2 Authorize
 * Credit"), a child the layer it crosses to and its Level-2 process ("→ RM&O resourceOrder ·
 * 1.F.3.2 Resource Provisioning", with the business id in its details), a timer what waits. A
 * summary the caller gave is kept. Metadata is not part of a command's identity, so histories
 * recorded without it replay unchanged.
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({ outbound: [new EtomSummaries()] });

/** A duration as people read it: 90 s, 15 min, 2 h, 3 d. */
export function readableDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/**
 * Workflows that run a part of a process the catalog gives to another workflow (a feasibility
 * check before the order, one bill's collection, a technician's visit, the delivery of events),
 * with the process they run: what their log lines and spans name.
 */
const SERVED_PROCESS: Readonly<Record<string, string>> = {
  serviceFeasibility: '1.F.2.2',
  resourceAvailability: '1.F.3.2',
  alarmSurveillance: '1.A.3.3.1',
  workOrder: '1.O.3.1.6',
  billCollection: '1.B.1.8.5',
  finalBill: '1.B.1.8.2',
  partnerCease: '1.F.4.2.3',
  billingInquiry: '1.B.1.8.1',
  eventDelivery: '1.FAB.1.2.1',
};

/** The eTOM id of the process a workflow runs: its Level-2 process, or the one it serves. */
export function etomIdOfWorkflow(workflowType: string): string | undefined {
  return PROCESS_OF_WORKFLOW[workflowType]?.split(' ')[0] ?? SERVED_PROCESS[workflowType];
}

export function activitySummary(activityType: string): string {
  return PROCESS_OF_ACTIVITY[activityType] ?? activityType;
}

export function childSummary(workflowType: string, taskQueue: string | undefined): string {
  const layer = layerOfQueue(taskQueue);
  const process = PROCESS_OF_WORKFLOW[workflowType];
  return `→ ${layer ? `${layer} ` : ''}${workflowType}${process ? ` · ${process}` : ''}`;
}

/**
 * Every activity carries the id of its flow's root workflow (the product order, the ticket, the
 * alarm surveillance…) in this header, which the worker's process-run record reads
 * (src/temporal/process-runs.ts): an activity's own info names only its workflow. Headers are
 * not part of a command's identity either.
 */
export const ROOT_WORKFLOW_HEADER = 'etom-root-workflow-id';

function withRoot<T extends { headers: ActivityInput['headers'] }>(input: T): T {
  const info = workflowInfo();
  const root = info.root?.workflowId ?? info.workflowId;
  return { ...input, headers: { ...input.headers, [ROOT_WORKFLOW_HEADER]: defaultPayloadConverter.toPayload(root) } };
}

class EtomSummaries implements WorkflowOutboundCallsInterceptor {
  /**
   * Every line the workflow logger writes (the SDK's own too) names the process and the entity:
   * the workflow's eTOM id and its id, the business id in this project. A line that gives its own
   * (logDecision's Level-3 id) keeps it. The logger is replay-aware, so this adds no line either.
   */
  getLogAttributes(input: GetLogAttributesInput, next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>) {
    const { workflowType, workflowId } = workflowInfo();
    return next({ etomId: etomIdOfWorkflow(workflowType) ?? 'none', businessId: workflowId, ...input });
  }

  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
    return next(withRoot({ ...input, options: { summary: activitySummary(input.activityType), ...input.options } }));
  }

  scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ) {
    return next(withRoot({ ...input, options: { summary: activitySummary(input.activityType), ...input.options } }));
  }

  startTimer(input: TimerInput, next: Next<WorkflowOutboundCallsInterceptor, 'startTimer'>) {
    if (input.options?.summary) return next(input);
    const info = workflowInfo();
    const owner = PROCESS_OF_WORKFLOW[info.workflowType] ?? info.workflowType;
    return next({
      ...input,
      options: { ...input.options, summary: `${owner}: waits ${readableDuration(input.durationMs)}` },
    });
  }

  startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ) {
    const { workflowType, options } = input;
    const layer = layerOfQueue(options.taskQueue) ?? 'its layer';
    const process = PROCESS_OF_WORKFLOW[workflowType] ?? workflowType;
    return next({
      ...input,
      options: {
        staticSummary: childSummary(workflowType, options.taskQueue),
        staticDetails: `${process}, run by ${layer} for ${options.workflowId}; started by ${workflowInfo().workflowType} (${workflowInfo().workflowId})`,
        ...options,
      },
    });
  }
}
