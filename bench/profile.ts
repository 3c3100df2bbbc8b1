import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/**
 * Where a flow's wall time goes, read from its histories. Each gap between two consecutive
 * events of a workflow is charged to what the later event ends (the dispatch of a task, the
 * run of an activity, a child's start, a timer, a signal). A gap while a child runs is charged
 * to the child's own breakdown (scaled down when siblings ran beside it)
 * and the rest to delivering the child's result. The categories sum to the root's wall time:
 * they are the path the root waited on, while the activity table sums every call.
 */
export interface Profile {
  wallMs: number;
  /** Milliseconds per category, summed over the tree along the path that was waited on. */
  ms: Record<string, number>;
  /** How many of each thing the whole tree did. */
  counts: Record<string, number>;
  /** Per activity type: calls, time from scheduled to started, time from started to closed (all calls). */
  activities: Record<string, { calls: number; dispatchMs: number; runMs: number }>;
}

const EventType = temporal.api.enums.v1.EventType;
type Event = temporal.api.history.v1.IHistoryEvent;

const at = (e: Event): number => {
  const t = e.eventTime;
  return t ? Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6 : 0;
};

/** What the gap before an event of this type was spent on. */
const CHARGED: Partial<Record<number, string>> = {
  [EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED]: 'server: schedule workflow task',
  [EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED]: 'workflow task dispatch',
  [EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]: 'workflow task run (worker)',
  [EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]: 'workflow task timed out',
  [EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED]: 'workflow task failed',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED]: 'activity dispatch',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED]: 'activity run',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED]: 'activity run',
  [EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED]: 'child workflow start',
  [EventType.EVENT_TYPE_TIMER_FIRED]: 'timer',
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED]: "waiting for a signal (the sender's steps)",
  [EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED]: 'signal delivery',
};

/** Events counted, by the name they are reported under. */
const COUNTED: Partial<Record<number, string>> = {
  [EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]: 'workflow tasks',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED]: 'activities',
  [EventType.EVENT_TYPE_MARKER_RECORDED]: 'markers (local activities, patches)',
  [EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED]: 'children',
  [EventType.EVENT_TYPE_TIMER_STARTED]: 'timers',
  [EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES]: 'search-attribute upserts',
  [EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED]: 'memo updates',
  [EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED]: 'signals sent',
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED]: 'signals received',
};

const add = (into: Record<string, number>, key: string, n: number) => {
  into[key] = (into[key] ?? 0) + n;
};

/** The profile of one workflow and, through its children, of its whole tree. */
export async function profileOf(client: Client, workflowId: string, runId?: string): Promise<Profile> {
  const events = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
  const p: Profile = { wallMs: 0, ms: {}, counts: { workflows: 1, events: events.length }, activities: {} };
  const scheduled = new Map<string, { type: string; at: number; startedAt?: number }>();
  const children: Array<{ workflowId: string; runId?: string }> = [];
  const workflowType = events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '?';
  let running = 0;
  let inChildren = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const type = e.eventType ?? 0;
    const counted = COUNTED[type];
    if (counted) add(p.counts, counted, 1);
    // Which workflows take the workflow tasks (the bare tree's are all bareTree).
    if (type === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) add(p.counts, `  of which in ${workflowType}`, 1);
    if (e.activityTaskScheduledEventAttributes)
      scheduled.set(String(e.eventId), {
        type: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?',
        at: at(e),
      });
    const started = e.activityTaskStartedEventAttributes;
    if (started) scheduled.get(String(started.scheduledEventId))!.startedAt = at(e);
    const closed = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes;
    if (closed) {
      const a = scheduled.get(String(closed.scheduledEventId))!;
      const row = (p.activities[a.type] ??= { calls: 0, dispatchMs: 0, runMs: 0 });
      row.calls++;
      row.dispatchMs += (a.startedAt ?? at(e)) - a.at;
      row.runMs += at(e) - (a.startedAt ?? at(e));
    }
    if (i > 0) {
      const gap = at(e) - at(events[i - 1]!);
      // While a child runs, the time is the child's (and its result's way back), whatever ends the gap.
      if (running > 0) inChildren += gap;
      else add(p.ms, CHARGED[type] ?? 'commands written with a workflow task', gap);
    }
    const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (child?.workflowId) {
      running++;
      children.push({ workflowId: child.workflowId, runId: child.runId ?? undefined });
    }
    if (
      e.childWorkflowExecutionCompletedEventAttributes ??
      e.childWorkflowExecutionFailedEventAttributes ??
      e.childWorkflowExecutionCanceledEventAttributes ??
      e.childWorkflowExecutionTerminatedEventAttributes ??
      e.childWorkflowExecutionTimedOutEventAttributes
    )
      running--;
  }
  // The children's own breakdowns fill the time spent in them; children that ran side by side
  // are scaled down to that time, and what the children's walls leave is their results' delivery.
  const subs = await Promise.all(children.map((c) => profileOf(client, c.workflowId, c.runId)));
  const walls = subs.reduce((n, s) => n + s.wallMs, 0);
  const share = walls > inChildren ? inChildren / walls : 1;
  for (const sub of subs) {
    for (const [k, v] of Object.entries(sub.ms)) add(p.ms, k, v * share);
    for (const [k, v] of Object.entries(sub.counts)) add(p.counts, k, v);
    for (const [k, v] of Object.entries(sub.activities)) {
      const row = (p.activities[k] ??= { calls: 0, dispatchMs: 0, runMs: 0 });
      row.calls += v.calls;
      row.dispatchMs += v.dispatchMs;
      row.runMs += v.runMs;
    }
  }
  if (inChildren > walls) add(p.ms, 'child result delivery', inChildren - walls);
  p.wallMs = events.length ? at(events[events.length - 1]!) - at(events[0]!) : 0;
  return p;
}

/** The mean of several profiles (all orders of one side). */
export function meanProfile(profiles: Profile[]): Profile {
  const n = profiles.length || 1;
  const mean: Profile = { wallMs: 0, ms: {}, counts: {}, activities: {} };
  for (const p of profiles) {
    mean.wallMs += p.wallMs / n;
    for (const [k, v] of Object.entries(p.ms)) add(mean.ms, k, v / n);
    for (const [k, v] of Object.entries(p.counts)) add(mean.counts, k, v / n);
    for (const [k, v] of Object.entries(p.activities)) {
      const row = (mean.activities[k] ??= { calls: 0, dispatchMs: 0, runMs: 0 });
      row.calls += v.calls / n;
      row.dispatchMs += v.dispatchMs / n;
      row.runMs += v.runMs / n;
    }
  }
  return mean;
}

/** The two sides' breakdowns side by side, the activity types by run time, as text lines. */
export function profileLines(etom: Profile, bare: Profile, clientMs: { etom: number; bare: number }): string[] {
  const f = (n: number | undefined) => (n ?? 0).toFixed(0).padStart(8);
  const lines = [
    '',
    `${'where the wall time went (mean ms)'.padEnd(42)} ${'etom'.padStart(8)} ${'bare'.padStart(8)} ${'diff'.padStart(8)}`,
  ];
  const keys = [...new Set([...Object.keys(etom.ms), ...Object.keys(bare.ms)])].sort(
    (a, b) => (etom.ms[b] ?? 0) - (etom.ms[a] ?? 0),
  );
  for (const k of keys)
    lines.push(`${k.padEnd(42)} ${f(etom.ms[k])} ${f(bare.ms[k])} ${f((etom.ms[k] ?? 0) - (bare.ms[k] ?? 0))}`);
  lines.push(
    `${'= root workflow wall time'.padEnd(42)} ${f(etom.wallMs)} ${f(bare.wallMs)} ${f(etom.wallMs - bare.wallMs)}`,
  );
  lines.push(
    `${'+ client: start request and result'.padEnd(42)} ${f(clientMs.etom - etom.wallMs)} ${f(clientMs.bare - bare.wallMs)} ${f(clientMs.etom - etom.wallMs - clientMs.bare + bare.wallMs)}`,
  );
  lines.push('', `${'counts per flow'.padEnd(42)} ${'etom'.padStart(8)} ${'bare'.padStart(8)}`);
  for (const k of [...new Set([...Object.keys(etom.counts), ...Object.keys(bare.counts)])])
    lines.push(
      `${k.padEnd(42)} ${(etom.counts[k] ?? 0).toFixed(1).padStart(8)} ${(bare.counts[k] ?? 0).toFixed(1).padStart(8)}`,
    );
  lines.push(
    '',
    `${'etom activity types (mean per order)'.padEnd(58)} ${'calls'.padStart(6)} ${'dispatch'.padStart(9)} ${'run ms'.padStart(8)}`,
  );
  const total = (p: Profile) =>
    Object.values(p.activities).reduce(
      (t, v) => ({ calls: t.calls + v.calls, dispatchMs: t.dispatchMs + v.dispatchMs, runMs: t.runMs + v.runMs }),
      { calls: 0, dispatchMs: 0, runMs: 0 },
    );
  const rows = [
    ...Object.entries(etom.activities).sort(([, a], [, b]) => b.runMs - a.runMs),
    ['= all etom activities', total(etom)] as const,
    ['= all bare activities (noop)', total(bare)] as const,
  ];
  for (const [k, v] of rows)
    lines.push(
      `${k.padEnd(58)} ${v.calls.toFixed(1).padStart(6)} ${v.dispatchMs.toFixed(0).padStart(9)} ${v.runMs.toFixed(0).padStart(8)}`,
    );
  return lines;
}
