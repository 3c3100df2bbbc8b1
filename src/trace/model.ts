import { z } from 'zod';
import { LAYER_NAMES, LAYERS } from '../layers';

/**
 * A flow's trace: one timeline read back from the Temporal histories of every workflow the
 * flow ran. The lanes are the four eTOM layers and the parties outside the enterprise that
 * the histories show acting on it (a signal or an update with no workflow behind it).
 */
export const OUTSIDE_PARTIES = ['customer', 'supplier', 'technician', 'network'] as const;
export const LaneSchema = z.enum([...LAYERS, ...OUTSIDE_PARTIES]);
export type Lane = z.infer<typeof LaneSchema>;

export const LANE_TITLES: Record<Lane, string> = {
  ...LAYER_NAMES,
  customer: 'Customer',
  supplier: 'Supplier',
  technician: 'Technician',
  network: 'Network',
};

/** The eTOM process a step or a workflow runs: its id and English name from the catalog. */
export const ProcessRefSchema = z.object({ id: z.string(), name: z.string() });

const Instant = z.iso.datetime();

export const WorkflowOutcomeSchema = z.enum([
  'running',
  'completed',
  'failed',
  'cancelled',
  'terminated',
  'timedOut',
  'continuedAsNew',
]);

export const TraceWorkflowSchema = z.object({
  workflowId: z.string(),
  runId: z.string(),
  type: z.string(),
  lane: LaneSchema,
  taskQueue: z.string(),
  /** The Level-2 process the workflow implements, when the catalog names one. */
  process: ProcessRefSchema.nullable(),
  parentWorkflowId: z.string().nullable(),
  /**
   * False for a workflow outside the tree that only an arrow touches: the traced workflow's
   * parent, which its progress signals reach. Its own steps are not the flow's.
   */
  inTree: z.boolean(),
  start: Instant,
  end: Instant.nullable(),
  outcome: WorkflowOutcomeSchema,
});
export type TraceWorkflow = z.infer<typeof TraceWorkflowSchema>;

/** One Level-3 process run: an activity of one of the flow's workflows. */
export const StepSchema = z.object({
  workflowId: z.string(),
  lane: LaneSchema,
  /** The activity's registered name. */
  activity: z.string(),
  activityId: z.string(),
  process: ProcessRefSchema.nullable(),
  /** The `action` its input asked for (many processes take several: 'allocate', 'release'…). */
  action: z.string().nullable(),
  /** When it was scheduled. */
  start: Instant,
  /** From scheduled to its last attempt's end; null while it runs. */
  durationMs: z.number().int().nonnegative().nullable(),
  /** The attempt that ended it (1 when the first went through); 0 while none has started. */
  attempts: z.number().int().nonnegative(),
  outcome: z.enum(['running', 'completed', 'failed', 'timedOut', 'cancelled']),
  failure: z.string().nullable(),
  /** An undo that takes back an earlier step, run after a failure or a cancellation. */
  compensation: z.boolean(),
});
export type Step = z.infer<typeof StepSchema>;

/** One end of an arrow: a lane, and the workflow there when it is one. */
export const EndSchema = z.object({ lane: LaneSchema, workflowId: z.string().nullable() });

export const ArrowSchema = z.object({
  /**
   * child: a child workflow started (name: its type); result: its end, back to the parent;
   * signal; update: an update accepted, reply: its answer; cancel: a cancellation requested.
   * Only a trace of two enterprises (./enterprises.ts) has the two that cross between them:
   * request: a call on the other's API (a TMF622 POST); event: the other's hub event reaching us.
   */
  kind: z.enum(['child', 'result', 'signal', 'update', 'reply', 'cancel', 'request', 'event']),
  name: z.string(),
  from: EndSchema,
  to: EndSchema,
  at: Instant,
  /** How it ended: the child's outcome, the reply's ('completed' or 'failed'), a signal's delivery. */
  outcome: z.string().nullable(),
  /** A child started to take back what an earlier one did (a cease, a resource order undone). */
  compensation: z.boolean(),
});
export type Arrow = z.infer<typeof ArrowSchema>;

export const TraceSchema = z.object({
  rootWorkflowId: z.string(),
  /** The lanes to draw, in the standard's order: the customer, the four layers, the others. */
  lanes: z.array(LaneSchema),
  workflows: z.array(TraceWorkflowSchema),
  steps: z.array(StepSchema),
  arrows: z.array(ArrowSchema),
  /** Workflows the flow reached whose histories the server no longer keeps (its retention). */
  missing: z.array(z.string()),
  /** True when the walk stopped at its limit of workflows: some of the flow is missing. */
  truncated: z.boolean(),
});
export type Trace = z.infer<typeof TraceSchema>;

/**
 * What the drawers (text, mermaid, svg) take: a trace whose lanes may be any name, titled by
 * `laneTitles` when it has them (a trace of two enterprises: `retailer_crm` is "retailer CRM"),
 * and grouped by enterprise when `enterprises` says which lanes are whose.
 */
type Relaned<T> = Omit<T, 'lane'> & { lane: string };
export type DrawnStep = Relaned<Step>;
export type DrawnArrow = Omit<Arrow, 'from' | 'to'> & { from: Relaned<Arrow['from']>; to: Relaned<Arrow['to']> };
export interface DrawableTrace {
  rootWorkflowId: string;
  lanes: readonly string[];
  laneTitles?: Readonly<Record<string, string>>;
  enterprises?: ReadonlyArray<{ name: string; title: string; lanes: readonly string[] }>;
  workflows: ReadonlyArray<Relaned<TraceWorkflow>>;
  steps: readonly DrawnStep[];
  arrows: readonly DrawnArrow[];
  missing: readonly string[];
  truncated: boolean;
}

/** A lane's title: the trace's own, else the standard's name of the layer or the party. */
export const laneTitle = (trace: DrawableTrace, lane: string): string =>
  trace.laneTitles?.[lane] ?? LANE_TITLES[lane as Lane] ?? lane;

/** The trace's steps and arrows in the order they happened (ties keep the order read). */
export type TimelineItem =
  { type: 'step'; at: string; step: DrawnStep } | { type: 'arrow'; at: string; arrow: DrawnArrow };

export function timeline(trace: DrawableTrace): TimelineItem[] {
  const items: TimelineItem[] = [
    ...trace.steps.map((step) => ({ type: 'step' as const, at: step.start, step })),
    ...trace.arrows.map((arrow) => ({ type: 'arrow' as const, at: arrow.at, arrow })),
  ];
  // Array.prototype.sort is stable: same-instant items keep the order the histories gave.
  return items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
