import type { ClientInterceptors, ScheduleClientInterceptor, WorkflowClientInterceptor } from '@temporalio/client';
import { layerOfQueue, PROCESS_OF_WORKFLOW } from '../../workflows/shared/process-names';
import { tracingClientInterceptor } from './tracing-client';

/**
 * The summary and details the Temporal Web UI shows for a workflow this client starts (the
 * children get theirs from workflows/shared/summaries.ts): its Level-2 process, its layer and its
 * business id, which for this project's flows is the workflow id. A start that gives its own keeps them.
 */
export function workflowSummary(workflowType: string, taskQueue: string, workflowId: string) {
  const process = PROCESS_OF_WORKFLOW[workflowType] ?? workflowType;
  const layer = layerOfQueue(taskQueue);
  return {
    staticSummary: `${process}${layer ? ` · ${layer}` : ''}`,
    staticDetails: `${process}${layer ? `, run by ${layer}` : ''}, for ${workflowId} (workflow ${workflowType})`,
  };
}

/** A start's input with the summary and details added, unless it gave its own. */
function summarisedStart<I extends { workflowType: string; options: { taskQueue: string; workflowId: string } }>(
  input: I,
): I {
  const { workflowType, options } = input;
  return {
    ...input,
    options: { ...workflowSummary(workflowType, options.taskQueue, options.workflowId), ...stripUndefined(options) },
  };
}

const summarised: WorkflowClientInterceptor = {
  start: (input, next) => next(summarisedStart(input)),
  signalWithStart: (input, next) => next(summarisedStart(input)),
};

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The runs a Schedule starts (readiness, the bill cycle) get the same. */
const scheduled: ScheduleClientInterceptor = {
  create: (input, next) => {
    const { action } = input.options;
    return next({
      ...input,
      options: {
        ...input.options,
        action: {
          ...workflowSummary(action.workflowType, action.taskQueue, action.workflowId),
          ...stripUndefined(action),
        },
      },
    });
  },
};

/** The interceptors every client of the project carries (`new Client({ interceptors: … })`). */
export const CLIENT_INTERCEPTORS: ClientInterceptors = {
  workflow: [summarised, tracingClientInterceptor],
  schedule: [scheduled],
};
