import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { processByActivity } from '../catalog';

/**
 * Every line an activity's logger writes — the SDK's own ("Activity started", "Activity failed")
 * as well as the processes' — names the Level-3 process and the business id: the eTOM id of the
 * activity and its workflow's id (the entity's id in this project). A process that names its own
 * business id (defineProcess: the first `…Id` of its input) keeps it. Ids only, never the input.
 */
export const activityLogAttributes: ActivityInterceptorsFactory = (ctx) => {
  const { activityType, workflowExecution } = ctx.info;
  const own = { etomId: processByActivity(activityType)?.id ?? 'none', businessId: workflowExecution?.workflowId };
  return { outbound: { getLogAttributes: (input, next) => next({ ...own, ...input }) } };
};
