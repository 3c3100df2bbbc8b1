import { z } from 'zod';

/**
 * What every Operations Support & Readiness process (1.O.*.1.*) leaves behind: the figures it
 * computed from stored history, what it found, the readiness actions it raised when a figure
 * crossed its objective, and the report it stored.
 */

/** What a readiness workflow run asks of each process. */
export const ReadinessRunInput = z.object({
  /** The run (the workflow id): every report and action it stores carries it. */
  runId: z.string().min(1),
  /** How far back trend analyses look. */
  windowDays: z.number().int().positive().default(90),
});
export type ReadinessRunInput = z.input<typeof ReadinessRunInput>;

export const Figures = z.record(z.string(), z.number());
export type Figures = z.infer<typeof Figures>;

export const ReadinessOutcome = z.object({
  etomId: z.string(),
  reportId: z.string(),
  figures: Figures,
  findings: z.array(z.string()),
  /** Ids of the readiness actions raised (or still open) for figures past their objective. */
  actions: z.array(z.string()),
  details: z.record(z.string(), z.unknown()),
});
export type ReadinessOutcome = z.infer<typeof ReadinessOutcome>;

/** What the readiness workflow of a layer returns: the process reports of its run. */
export interface ReadinessRunResult {
  runId: string;
  layer: string;
  reports: Array<{ etomId: string; reportId: string; actions: string[]; findings: number }>;
  /** Processes that could not run this time (the others still did): the next run tries again. */
  failures: Array<{ etomId: string; message: string }>;
}

/** Options a readiness workflow accepts (a schedule passes none: the run is its workflow id). */
export interface ReadinessWorkflowInput {
  windowDays?: number;
  /** crmReadiness: a planned campaign starts `leadTime` ms after it is planned and runs `duration` ms. */
  campaign?: { leadTime?: number; duration?: number };
}

export interface Objective {
  metric: string;
  limit: number;
  direction: 'max' | 'min';
  description: string;
}

/** True when `value` is on the wrong side of the objective. */
export function crosses(o: Pick<Objective, 'limit' | 'direction'>, value: number): boolean {
  return o.direction === 'max' ? value > o.limit : value < o.limit;
}
