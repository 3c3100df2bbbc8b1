import type { Client } from '@temporalio/client';
import type { QueryDefinition, Workflow } from '@temporalio/common';
import type { TroubleTicketState } from '../../domain/assurance/states';
import { answersForItself, closedOrder, orderWorkflow, startOnce } from '../order-workflow';
import { defined, type Resource, typed } from '../representation';
import type { TmfSpec } from '../spec';
import { fromRequest } from './representation';

/** The assurance workflow behind a ticket (troubleTicket, CRM) or a problem (serviceProblem, SM&O). */
export interface AssuranceWorkflow {
  type: string;
  taskQueue: string;
  /** The TMF definition it is shown as: TroubleTicket or ServiceProblem (they share one life cycle). */
  definition: string;
  href: (id: string) => string;
  query: QueryDefinition<{ state: TroubleTicketState; detail: string | null }>;
}

/**
 * A ticket or problem its process has not recorded yet (or refused before recording), read
 * from its workflow; undefined when `id` names no such workflow of this deployment.
 */
export async function unrecorded(
  client: Client,
  spec: TmfSpec,
  w: AssuranceWorkflow,
  id: string,
): Promise<Resource | undefined> {
  const found = await orderWorkflow(client, id, w.type, w.taskQueue);
  if (!found) return undefined;
  const { handle, description } = found;
  const running = description.status.name;
  let status: TroubleTicketState = 'acknowledged';
  let reason: string | null = null;
  if (answersForItself(running)) {
    const view = await handle.query(w.query).catch(() => undefined);
    status = view?.state ?? status;
    reason = view?.detail ?? null;
  } else {
    const closed = await closedOrder(handle, running);
    // Neither has `failed`: a workflow that failed before recording it did not take it.
    status = closed.state === 'cancelled' ? 'cancelled' : 'rejected';
    reason = closed.reason;
  }
  return {
    id,
    href: w.href(id),
    ...defined({ status, creationDate: description.startTime.toISOString(), statusChangeReason: reason }),
    ...typed(spec, w.definition),
  };
}

/**
 * A ticket or problem posted: the one for this id. Recorded already (the same body posted
 * again), it is answered as it stands; else its workflow is started, once, and the body is
 * answered acknowledged.
 */
export async function openOnce<W extends Workflow>(
  client: Client,
  spec: TmfSpec,
  w: AssuranceWorkflow,
  o: { id: string; args: Parameters<W>; body: Record<string, unknown>; at: string; recorded: Resource | undefined },
): Promise<Resource> {
  if (o.recorded) return o.recorded;
  await startOnce<W>(client, w.type, o.id, w.taskQueue, o.args);
  return fromRequest(spec, w.definition, { id: o.id, href: w.href(o.id), date: o.at }, o.body);
}
