import type { ProcessCall } from '../../contracts/activity';
import type { Ports } from '../../ports';
import type { Trend } from '../../ports/operational-trends';
import { crosses, type Figures, type Objective, type ReadinessOutcome } from './report';

/** A figure of one subject (a region, a channel, a supplier…) to hold against an objective. */
export interface Measured {
  subject: string;
  value: number;
  /** What must be done if the figure is past its objective. */
  action: string;
  /** The eTOM id of the process that acts on it (it reads the actions addressed to it); absent: people. */
  addressedTo?: string;
}

/**
 * The part every readiness process shares: hold figures against their objective, raise a
 * readiness action (stored and notified) for each one past it, close the actions whose subject
 * is back within it, and store the process's report. Keys derive from the activity's own; the
 * window the process looks back over ends now, by the activity's clock.
 */
export function readinessRun(
  ports: Pick<Ports, 'readinessReports' | 'clock'>,
  call: ProcessCall,
  layer: string,
  input: { runId: string; windowDays: number },
) {
  const { readinessReports: readiness } = ports;
  const run = { runId: input.runId, layer, since: windowStart(ports.clock(), input.windowDays) };
  const actions: string[] = [];
  const findings: string[] = [];
  const figures: Figures = {};
  let objectives: Record<string, Objective> | undefined;

  return {
    findings,
    figures,
    actions,
    since: run.since,
    async objective(metric: string) {
      objectives ??= await readiness.objectives();
      const o = objectives[metric];
      if (!o) throw new Error(`no objective ${metric}`);
      return o;
    },
    /** Raises an action for every measurement past the metric's objective; returns those. */
    async hold(metric: string, measured: Measured[]): Promise<Measured[]> {
      const o = await this.objective(metric);
      const crossing = measured.filter((m) => Number.isFinite(m.value) && crosses(o, m.value));
      for (const m of crossing) {
        findings.push(`${m.subject}: ${metric} ${round(m.value)} (objective ${o.direction} ${o.limit})`);
        actions.push(
          await readiness.raiseAction(`${call.idempotencyKey}/action/${metric}/${m.subject}`, {
            etomId: call.etomId,
            runId: run.runId,
            metric,
            subject: m.subject,
            value: m.value,
            limit: o.limit,
            action: m.action,
            ...(m.addressedTo ? { addressedTo: m.addressedTo } : {}),
          }),
        );
      }
      await readiness.closeActions(
        `${call.idempotencyKey}/close/${metric}`,
        call.etomId,
        metric,
        crossing.map((m) => m.subject),
      );
      return crossing;
    },
    async finish(details: Record<string, unknown> = {}): Promise<ReadinessOutcome> {
      const reportId = await readiness.recordReport(`${call.idempotencyKey}/report`, {
        runId: run.runId,
        layer: run.layer,
        etomId: call.etomId,
        figures,
        findings,
        details,
      });
      return { etomId: call.etomId, reportId, figures, findings, actions: [...new Set(actions)], details };
    },
  };
}

export const round = (n: number) => Math.round(n * 1000) / 1000;

/** A mean that is 0 over nothing. */
export const avg = (sum: number, n: number) => (n ? sum / n : 0);

/** A figure per row of a trend over another (`of` per `per`), on the rows where `per` is not zero. */
export function ratePerRow(
  rows: Trend['rows'],
  of: string,
  per: string,
  action: (row: Trend['rows'][number]) => string,
): Measured[] {
  return rows
    .filter((x) => (x.figures[per] ?? 0) > 0)
    .map((x) => ({ subject: x.group, value: avg(x.figures[of] ?? 0, x.figures[per] ?? 0), action: action(x) }));
}

/** Sums a figure over the rows of a trend, optionally only those whose group starts with a prefix. */
export function total(t: Trend, figure: string, prefix = ''): number {
  return t.rows.filter((r) => r.group.startsWith(prefix)).reduce((a, r) => a + (r.figures[figure] ?? 0), 0);
}

/** The window a run looks back over, from the activity's clock. */
export function windowStart(now: Date, windowDays: number): string {
  return new Date(now.getTime() - windowDays * 86_400_000).toISOString();
}
