import { randomUUID } from 'node:crypto';
import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors';
import { parseFields, project } from './query';
import { apiHref, type Resource, typed } from './representation';
import { resource, validBody } from './routes';
import type { TmfSpec } from './spec';

/** A workflow of an order, as order-workflow.ts finds it. */
export interface FoundWorkflow {
  handle: WorkflowHandle;
  description: WorkflowExecutionDescription;
}

/** A cancellation, as the order's workflow history records it. */
export interface WorkflowCancellation {
  state: 'inProgress' | 'done' | 'terminatedWithError';
  reason: string | null;
  requestedAt: string;
  cancelledAt: string | null;
}

/**
 * Asks the order's workflow to stop (a Temporal cancellation, with the reason): the order
 * compensates what it did, newest first, and closes as cancelled.
 */
async function requestCancellation(found: FoundWorkflow, reason: string): Promise<void> {
  const { client } = found.handle;
  await client.workflowService.requestCancelWorkflowExecution({
    namespace: client.options.namespace,
    workflowExecution: { workflowId: found.description.workflowId, runId: found.description.runId },
    identity: client.options.identity,
    requestId: randomUUID(),
    reason,
  });
}

/** The cancellation of the order, read from its workflow's history: none when none was asked. */
async function readCancellation(found: FoundWorkflow): Promise<WorkflowCancellation | undefined> {
  const history = await found.handle.fetchHistory();
  const asked = history.events?.find((e) => e.workflowExecutionCancelRequestedEventAttributes);
  if (!asked) return undefined;
  const status = found.description.status.name;
  return {
    state: status === 'RUNNING' ? 'inProgress' : status === 'CANCELLED' ? 'done' : 'terminatedWithError',
    reason: asked.workflowExecutionCancelRequestedEventAttributes?.cause || null,
    requestedAt: (optionalTsToDate(asked.eventTime) ?? found.description.startTime).toISOString(),
    cancelledAt: status === 'CANCELLED' ? (found.description.closeTime?.toISOString() ?? null) : null,
  };
}

/** TMF641 cancelServiceOrder, TMF652 cancelResourceOrder: what differs between the two. */
export interface CancellationApi {
  spec: TmfSpec;
  /** e.g. ServiceOrder: the order's definition; the task is Cancel<order>, its path cancel<order>. */
  order: 'ServiceOrder' | 'ResourceOrder';
  /** The order's workflow, when the id names one of this deployment's. */
  workflow(id: string): Promise<FoundWorkflow | undefined>;
  /** The order as the API shows it (for its state), when it exists. */
  read(id: string): Promise<Resource | undefined>;
  now(): string;
}

/**
 * POST cancel<Order> and GET cancel<Order>/{id}. An order is cancelled at most once, so its
 * cancellation has the order's id. A running order's workflow is cancelled (201, inProgress,
 * then done once the order has undone its work); an order whose workflow has ended is in a
 * final state: 409.
 */
export function cancellationRoutes(app: FastifyInstance, api: CancellationApi): void {
  const { spec, order } = api;
  const field = order[0]!.toLowerCase() + order.slice(1);
  const collection = `cancel${order}`;
  const task = (id: string, c: WorkflowCancellation): Resource => ({
    id,
    href: apiHref(spec.apiName, collection, id),
    state: c.state,
    ...(c.reason ? { cancellationReason: c.reason } : {}),
    requestedCancellationDate: c.requestedAt,
    ...(c.cancelledAt ? { effectiveCancellationDate: c.cancelledAt } : {}),
    // The order's href is a path, and the Ref's `href` is a `uri` (absolute) in both specs: the id names it.
    [field]: { id, '@referredType': order },
    ...typed(spec, collection[0]!.toUpperCase() + collection.slice(1)),
  });

  resource(app, `/${collection}`, {
    async POST(request, reply) {
      const definition = `Cancel${order}_Create`;
      const body = validBody<Record<string, { id: string }> & { cancellationReason?: string }>(
        spec,
        definition,
        request.body,
      );
      const id = body[field]!.id;
      const shown = await api.read(id);
      const found = await api.workflow(id);
      if (!shown && !found) throw ApiError.notFound(`no ${field} ${id}`);
      if (found?.description.status.name !== 'RUNNING')
        throw ApiError.conflict(
          `${field} ${id} is ${String(shown?.['state'] ?? 'closed')}: it can no longer be cancelled`,
        );
      const reason = body.cancellationReason || 'cancelled at the requester’s request';
      await requestCancellation(found, reason);
      const created = task(id, { state: 'inProgress', reason, requestedAt: api.now(), cancelledAt: null });
      return reply.code(201).header('Location', created.href).send(created);
    },
  });

  resource(app, `/${collection}/:id`, {
    async GET(request) {
      const { id } = request.params as { id: string };
      const found = await api.workflow(id);
      const cancellation = found && (await readCancellation(found));
      if (!cancellation) throw ApiError.notFound(`no cancellation of ${field} ${id}`);
      return project(task(id, cancellation), parseFields(request.query as Record<string, string>), [field]);
    },
  });
}
