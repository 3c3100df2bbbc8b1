import { LAYERS } from '../layers';
import { type HistorySource, laneOfWorkflow } from './history';
import { type Lane, OUTSIDE_PARTIES, type Trace, TraceSchema } from './model';
import { readEvents, readWorkflow } from './read';
import { walkFlow } from './walk';

/**
 * `etom trace`'s model: the flow that `rootWorkflowId` ran, read from the histories of its
 * whole tree. The four layers are always lanes (the standard's picture); an outside party is
 * one when the flow shows it acting.
 */
export async function buildTrace(
  source: HistorySource,
  rootWorkflowId: string,
  opts: { runId?: string; limit?: number } = {},
): Promise<Trace> {
  const walk = await walkFlow(source, rootWorkflowId, opts);
  const workflows = walk.workflows.map(readWorkflow);
  const byId = new Map(workflows.map((w) => [w.workflowId, w]));
  // A child whose history is gone still has the lane its parent started it on.
  const childLanes = new Map(
    walk.workflows.flatMap((w) =>
      (w.history.events ?? []).flatMap((e) => {
        const c = e.startChildWorkflowExecutionInitiatedEventAttributes;
        return c?.workflowId
          ? [[c.workflowId, laneOfWorkflow(c.workflowType?.name ?? '', c.taskQueue?.name)] as const]
          : [];
      }),
    ),
  );
  const peers = {
    laneOf: (id: string) => byId.get(id)?.lane ?? childLanes.get(id),
    inTree: (id: string) => byId.get(id)?.inTree ?? false,
  };
  const steps: Trace['steps'] = [];
  const arrows: Trace['arrows'] = [];
  walk.workflows.forEach((w, i) => {
    if (!w.inTree) return;
    const read = readEvents(w, workflows[i]!, peers);
    steps.push(...read.steps);
    arrows.push(...read.arrows);
  });
  const used = new Set<Lane>(arrows.flatMap((a) => [a.from.lane, a.to.lane]));
  const lanes: Lane[] = [
    ...(used.has('customer') ? (['customer'] as const) : []),
    ...LAYERS,
    ...OUTSIDE_PARTIES.filter((p) => p !== 'customer' && used.has(p)),
  ];
  return TraceSchema.parse({
    rootWorkflowId,
    lanes,
    workflows,
    steps,
    arrows,
    missing: walk.missing,
    truncated: walk.truncated,
  });
}
