import type { temporal } from '@temporalio/proto';
import { processByActivity, processByWorkflow } from '../catalog';
import { actionOf, instant, laneOfTaskQueue, laneOfWorkflow, outsidePartyOf, type HistoryEvent } from './history';
import type { Arrow, Lane, Step, TraceWorkflow } from './model';
import { startedAttributes, type WalkedWorkflow } from './walk';

type Failure = temporal.api.failure.v1.IFailure;

/** What the reader knows of the other workflows: their lanes, and which are in the tree. */
export interface Peers {
  laneOf(workflowId: string): Lane | undefined;
  inTree(workflowId: string): boolean;
}

/**
 * The inputs that take a step back: the saga's undos (workflows/shared/saga.ts) and
 * resource provisioning's call the same process with one of these actions. They are
 * compensations when they follow a failure or a cancellation in the same workflow; before
 * one, they are what was asked (a cease order releases and deactivates by design).
 */
const UNDO_ACTIONS = new Set(['undo', 'release', 'deactivate', 'cancel', 'delete']);

const ref = (p: { id: string; nameEn: string } | undefined) => (p ? { id: p.id, name: p.nameEn } : null);

/** The innermost message of a failure: the business reason under the SDK's wrappers. */
function reason(failure: Failure | null | undefined): string | null {
  let f = failure;
  while (f?.cause?.message) f = f.cause;
  return f?.message || null;
}

const CLOSES = [
  ['workflowExecutionCompletedEventAttributes', 'completed'],
  ['workflowExecutionFailedEventAttributes', 'failed'],
  ['workflowExecutionCanceledEventAttributes', 'cancelled'],
  ['workflowExecutionTerminatedEventAttributes', 'terminated'],
  ['workflowExecutionTimedOutEventAttributes', 'timedOut'],
  ['workflowExecutionContinuedAsNewEventAttributes', 'continuedAsNew'],
] as const;

const CHILD_ENDS = [
  ['childWorkflowExecutionCompletedEventAttributes', 'completed'],
  ['childWorkflowExecutionFailedEventAttributes', 'failed'],
  ['childWorkflowExecutionCanceledEventAttributes', 'cancelled'],
  ['childWorkflowExecutionTimedOutEventAttributes', 'timedOut'],
  ['childWorkflowExecutionTerminatedEventAttributes', 'terminated'],
] as const;

/** The workflow itself: its type, lane, process, parent and how it ended. */
export function readWorkflow(w: WalkedWorkflow): TraceWorkflow {
  const events = w.history.events ?? [];
  const started = startedAttributes(w.history);
  if (!started) throw new Error(`the history of ${w.workflowId} does not start with WorkflowExecutionStarted`);
  const type = started.workflowType?.name ?? '';
  const last = events[events.length - 1];
  const close = last && CLOSES.find(([key]) => last[key]);
  return {
    workflowId: w.workflowId,
    runId: started.originalExecutionRunId ?? '',
    type,
    lane: laneOfWorkflow(type, started.taskQueue?.name),
    taskQueue: started.taskQueue?.name ?? '',
    process: ref(processByWorkflow(type)),
    parentWorkflowId: started.parentWorkflowExecution?.workflowId ?? null,
    inTree: w.inTree,
    start: instant(events[0]!),
    end: close ? instant(last) : null,
    outcome: close ? close[1] : 'running',
  };
}

/**
 * The steps and arrows one workflow's history shows. Arrows between two workflows of the
 * tree are read once, on the side that acted: a signal where it was sent, a child where it
 * was started, a cancellation where it was received (that side alone says who asked).
 */
export function readEvents(w: WalkedWorkflow, self: TraceWorkflow, peers: Peers): { steps: Step[]; arrows: Arrow[] } {
  const steps: Step[] = [];
  const arrows: Arrow[] = [];
  const stepBySchedule = new Map<string, Step>();
  const childByInitiated = new Map<string, Arrow>();
  const signalByInitiated = new Map<string, Arrow>();
  const updates = new Map<string, string>();
  const here = { lane: self.lane, workflowId: self.workflowId };
  /** The sender of a signal or a cancellation: a workflow, or the outside party when none. */
  const sender = (workflowId: string | null | undefined, party: Lane) => {
    if (!workflowId) return { lane: party, workflowId: null };
    const lane = peers.laneOf(workflowId);
    // A workflow past the walk's limit has no known lane: its arrow is left out, not misplaced.
    return lane ? { lane, workflowId } : undefined;
  };
  // Set by a failure or a cancellation: the undos after it are compensations.
  let troubled = false;

  const close = (e: HistoryEvent, id: unknown, outcome: Step['outcome'], failure?: Failure | null) => {
    const step = stepBySchedule.get(String(id));
    if (!step) return;
    step.outcome = outcome;
    step.durationMs = Math.max(0, Date.parse(instant(e)) - Date.parse(step.start));
    step.failure = failure ? reason(failure) : null;
  };

  for (const e of w.history.events ?? []) {
    const time = instant(e);
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const activity = scheduled.activityType?.name ?? '';
      const action = actionOf(scheduled.input);
      const step: Step = {
        workflowId: self.workflowId,
        lane: laneOfTaskQueue(scheduled.taskQueue?.name) ?? self.lane,
        activity,
        activityId: scheduled.activityId ?? '',
        process: ref(processByActivity(activity)),
        action,
        start: time,
        durationMs: null,
        attempts: 0,
        outcome: 'running',
        failure: null,
        compensation: troubled && action !== null && UNDO_ACTIONS.has(action),
      };
      stepBySchedule.set(String(e.eventId), step);
      steps.push(step);
    }
    const startedTask = e.activityTaskStartedEventAttributes;
    if (startedTask) {
      const step = stepBySchedule.get(String(startedTask.scheduledEventId));
      if (step) step.attempts = startedTask.attempt ?? 1;
    }
    if (e.activityTaskCompletedEventAttributes)
      close(e, e.activityTaskCompletedEventAttributes.scheduledEventId, 'completed');
    if (e.activityTaskFailedEventAttributes) {
      const a = e.activityTaskFailedEventAttributes;
      close(e, a.scheduledEventId, 'failed', a.failure);
      troubled = true;
    }
    if (e.activityTaskTimedOutEventAttributes) {
      const a = e.activityTaskTimedOutEventAttributes;
      close(e, a.scheduledEventId, 'timedOut', a.failure);
      troubled = true;
    }
    if (e.activityTaskCanceledEventAttributes)
      close(e, e.activityTaskCanceledEventAttributes.scheduledEventId, 'cancelled');

    const child = e.startChildWorkflowExecutionInitiatedEventAttributes;
    if (child) {
      const action = actionOf(child.input);
      const arrow: Arrow = {
        kind: 'child',
        name: child.workflowType?.name ?? '',
        from: here,
        to: {
          lane: laneOfWorkflow(child.workflowType?.name ?? '', child.taskQueue?.name),
          workflowId: child.workflowId ?? null,
        },
        at: time,
        outcome: 'starting',
        compensation: troubled && action === 'delete',
      };
      childByInitiated.set(String(e.eventId), arrow);
      arrows.push(arrow);
    }
    const childStarted = e.childWorkflowExecutionStartedEventAttributes;
    if (childStarted) {
      const arrow = childByInitiated.get(String(childStarted.initiatedEventId));
      if (arrow) arrow.outcome = 'running';
    }
    const notStarted = e.startChildWorkflowExecutionFailedEventAttributes;
    if (notStarted) {
      const arrow = childByInitiated.get(String(notStarted.initiatedEventId));
      if (arrow) arrow.outcome = 'notStarted';
    }
    for (const [key, outcome] of CHILD_ENDS) {
      const end = e[key];
      if (!end) continue;
      const start = childByInitiated.get(String(end.initiatedEventId));
      if (!start) continue;
      start.outcome = outcome;
      if (outcome !== 'completed') troubled = true;
      arrows.push({ ...start, kind: 'result', from: start.to, to: here, at: time, outcome });
    }

    const signal = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
    if (signal) {
      const target = signal.workflowExecution?.workflowId;
      const lane = target ? peers.laneOf(target) : undefined;
      if (lane) {
        const arrow: Arrow = {
          kind: 'signal',
          name: signal.signalName ?? '',
          from: here,
          to: { lane, workflowId: target ?? null },
          at: time,
          outcome: 'sent',
          compensation: false,
        };
        signalByInitiated.set(String(e.eventId), arrow);
        arrows.push(arrow);
      }
    }
    const delivered = e.externalWorkflowExecutionSignaledEventAttributes;
    if (delivered) {
      const arrow = signalByInitiated.get(String(delivered.initiatedEventId));
      if (arrow) arrow.outcome = 'delivered';
    }
    const undelivered = e.signalExternalWorkflowExecutionFailedEventAttributes;
    if (undelivered) {
      const arrow = signalByInitiated.get(String(undelivered.initiatedEventId));
      if (arrow) arrow.outcome = 'failed';
    }
    const received = e.workflowExecutionSignaledEventAttributes;
    const signaller = received?.externalWorkflowExecution?.workflowId;
    const from = received && sender(signaller, outsidePartyOf(received.signalName ?? ''));
    // A signal from a workflow of the tree was drawn where it was sent.
    if (received && from && !(signaller && peers.inTree(signaller))) {
      arrows.push({
        kind: 'signal',
        name: received.signalName ?? '',
        from,
        to: here,
        at: time,
        outcome: 'delivered',
        compensation: false,
      });
    }

    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted) {
      const name = accepted.acceptedRequest?.input?.name ?? '';
      updates.set(String(e.eventId), name);
      // Updates come through a client (the TMF APIs): the customer's side.
      arrows.push({
        kind: 'update',
        name,
        from: { lane: 'customer', workflowId: null },
        to: here,
        at: time,
        outcome: 'accepted',
        compensation: false,
      });
      if (name.startsWith('cancel')) troubled = true;
    }
    const completedUpdate = e.workflowExecutionUpdateCompletedEventAttributes;
    if (completedUpdate) {
      const name = updates.get(String(completedUpdate.acceptedEventId)) ?? '';
      const outcome = completedUpdate.outcome?.failure ? 'failed' : 'completed';
      arrows.push({
        kind: 'reply',
        name,
        from: here,
        to: { lane: 'customer', workflowId: null },
        at: time,
        outcome,
        compensation: false,
      });
    }

    const cancel = e.workflowExecutionCancelRequestedEventAttributes;
    if (cancel) troubled = true;
    const canceller = cancel && sender(cancel.externalWorkflowExecution?.workflowId, 'customer');
    if (canceller) {
      arrows.push({
        kind: 'cancel',
        name: 'cancel',
        from: canceller,
        to: here,
        at: time,
        outcome: null,
        compensation: false,
      });
    }
  }
  return { steps, arrows };
}
