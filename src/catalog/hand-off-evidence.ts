import type { temporal } from '@temporalio/proto';
import { processByActivity, processById } from './index';
import { namedHandOffs } from './named-hand-offs';
import { type HandOff, type HandOffTable, TESTED_HAND_OFFS } from './hand-offs';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One recorded run of a workflow type: its history's events, in order. */
export interface RecordedRun {
  workflowType: string;
  events: HistoryEvent[];
}

/** What a workflow did, in order, as far as hand-offs go. */
type Step =
  | { kind: 'process'; id: string }
  | { kind: 'child'; type: string }
  | { kind: 'childDone'; type: string }
  | { kind: 'signalOut'; name: string }
  | { kind: 'signalIn'; name: string };

function stepsOf(events: HistoryEvent[]): Step[] {
  const steps: Step[] = [];
  for (const e of events) {
    const activity = e.activityTaskScheduledEventAttributes?.activityType?.name;
    const child = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name;
    const childDone = e.childWorkflowExecutionCompletedEventAttributes?.workflowType?.name;
    const signalOut = e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName;
    const signalIn = e.workflowExecutionSignaledEventAttributes?.signalName;
    const update = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
    if (activity) {
      const p = processByActivity(activity);
      if (p) steps.push({ kind: 'process', id: p.id });
    } else if (child) steps.push({ kind: 'child', type: child });
    else if (childDone) steps.push({ kind: 'childDone', type: childDone });
    else if (signalOut) steps.push({ kind: 'signalOut', name: signalOut });
    else if (signalIn) steps.push({ kind: 'signalIn', name: signalIn });
    else if (update) steps.push({ kind: 'signalIn', name: update });
  }
  return steps;
}

/** A run's path, as far as hand-offs go: two runs with the same shape hand work the same way. */
export const shapeOf = (events: HistoryEvent[]): string =>
  stepsOf(events)
    .map(
      (s) =>
        `${s.kind}:${s.kind === 'process' ? s.id : s.kind === 'child' || s.kind === 'childDone' ? s.type : s.name}`,
    )
    .join(' ');

type Edges = Map<string, { how: HandOff['how']; via: string }>;

/**
 * Who gets the work next after each Level-3 process, in the recorded runs: the next process of
 * its own workflow, which acts on its result (`next`); the first processes of the children its
 * workflow starts before that (`child`); the processes that run in the workflows it signals,
 * once they take the signal (`signal`); and, for the last process of a child, the process its
 * parent runs on the child's result (`result`).
 */
export function handOffsInRuns(runs: RecordedRun[]): Map<string, Edges> {
  const byType = new Map<string, Step[][]>();
  for (const r of runs) byType.set(r.workflowType, [...(byType.get(r.workflowType) ?? []), stepsOf(r.events)]);
  const where = (pred: (s: Step) => boolean) =>
    [...byType.values()].flatMap((all) =>
      all.flatMap((steps) => steps.flatMap((s, at) => (pred(s) ? [{ steps, at }] : []))),
    );

  /** The processes that get the work after step `from` of a run, each with its first hop. */
  const nextFrom = (steps: Step[], from: number, own: string, seen: Set<string>): Edges => {
    const found: Edges = new Map();
    const add = (edges: Edges, how: HandOff['how'], via: string) => {
      for (const p of edges.keys()) if (!found.has(p)) found.set(p, { how, via });
    };
    for (const s of steps.slice(from + 1)) {
      if (s.kind === 'process') {
        if (!found.has(s.id)) found.set(s.id, { how: 'next', via: own });
        break;
      }
      if (s.kind === 'child' && !seen.has(s.type)) {
        for (const run of byType.get(s.type) ?? [])
          add(nextFrom(run, -1, s.type, new Set([...seen, s.type])), 'child', s.type);
      } else if (s.kind === 'signalOut' && !seen.has(s.name)) {
        for (const r of where((x) => x.kind === 'signalIn' && x.name === s.name))
          add(nextFrom(r.steps, r.at, '', new Set([...seen, s.name])), 'signal', s.name);
      }
    }
    return found;
  };

  const edges = new Map<string, Edges>();
  for (const [type, all] of byType) {
    for (const steps of all) {
      steps.forEach((s, i) => {
        if (s.kind !== 'process') return;
        const out = edges.get(s.id) ?? new Map();
        edges.set(s.id, out);
        for (const [p, e] of nextFrom(steps, i, type, new Set([type]))) if (p !== s.id && !out.has(p)) out.set(p, e);
        // The last process of a run hands its result to whoever started the run.
        if (steps.slice(i + 1).some((x) => x.kind === 'process')) return;
        for (const parent of where((x) => x.kind === 'childDone' && x.type === type))
          for (const p of nextFrom(parent.steps, parent.at, '', new Set([type])).keys())
            if (p !== s.id && !out.has(p)) out.set(p, { how: 'result', via: type });
      });
    }
  }
  return edges;
}

/** Whether the text of `from` names `to`, or the Level-2 process `to` belongs to. */
export function namedByText(from: string, to: string): boolean {
  const parent = processById(to)?.parentId;
  return namedHandOffs(from).some((n) => n.id === to || n.id === parent);
}

/**
 * Each Level-3 process's hand-offs: where the code hands its work in the recorded runs, and
 * those only workflow tests show (TESTED_HAND_OFFS: writes, paths no demo takes), each saying whether the text names it. `namedOnly`
 * keeps what the text names that the code does not hand work to (yet), or that hands work the
 * other way.
 */
export function deriveHandOffs(runs: RecordedRun[], processIds: string[]): HandOffTable {
  const edges = handOffsInRuns(runs);
  const table: HandOffTable = { handsOffTo: {}, namedOnly: {} };
  for (const id of processIds) {
    const out: HandOff[] = [...(edges.get(id) ?? new Map())].map(([to, e]) => ({
      id: to,
      name: processById(to)?.nameEn ?? to,
      ...e,
      namedByText: namedByText(id, to),
    }));
    for (const w of TESTED_HAND_OFFS)
      if (w.from === id && !out.some((o) => o.id === w.to))
        out.push({
          id: w.to,
          name: processById(w.to)?.nameEn ?? w.to,
          how: w.how,
          via: w.via,
          namedByText: namedByText(id, w.to),
        });
    const named = namedHandOffs(id)
      .map((n) => n.id)
      .filter((n) => !out.some((o) => o.id === n || processById(o.id)?.parentId === n));
    if (out.length > 0) table.handsOffTo[id] = out;
    if (named.length > 0) table.namedOnly[id] = named;
  }
  return table;
}
