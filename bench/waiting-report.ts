/** The figures of `bench waiting`, and how they are told: a table on stderr, one JSON line on stdout. */

const GOAL_RATIO = 1.5;
const GOAL_TOTAL_MB = 2048;

/** The three runs: the project's waits, bare waits in its bundle, bare waits in their own. */
export type Run = 'etom' | 'bare' | 'bareOwnBundle';
export const RUNS: readonly Run[] = ['etom', 'bare', 'bareOwnBundle'];

/** A comma-separated subset of `all` (an environment variable's value), or all of it. */
export function listOption<T extends string>(value: string | undefined, all: readonly T[], name: string): readonly T[] {
  if (value === undefined) return all;
  const items = value.split(',') as T[];
  if (items.some((i) => !all.includes(i))) throw new Error(`${name} takes some of ${all.join(',')}`);
  return items;
}

export interface SideFigures {
  idleRssMb: number;
  loadedRssMb: number;
  perWorkflowKb: number;
  cached: number;
  completed: number;
  startSeconds: number;
  releaseSeconds: number;
}

export function report(
  orders: number,
  rounds: number,
  figures: Record<Run, SideFigures[]>,
  cache: { said: string; capped: boolean },
): void {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const side = (runs: SideFigures[]) => ({
    idleRssMb: Number(median(runs.map((f) => f.idleRssMb)).toFixed(1)),
    loadedRssMb: Number(median(runs.map((f) => f.loadedRssMb)).toFixed(1)),
    perWorkflowKb: Number(median(runs.map((f) => f.perWorkflowKb)).toFixed(2)),
    cached: Math.min(...runs.map((f) => f.cached)),
    completed: Math.min(...runs.map((f) => f.completed)),
    startSeconds: Number(median(runs.map((f) => f.startSeconds)).toFixed(1)),
    releaseSeconds: Number(median(runs.map((f) => f.releaseSeconds)).toFixed(1)),
    rounds: runs,
  });
  const etom = side(figures.etom);
  const bare = side(figures.bare);
  // Left out with ETOM_BENCH_WAITING_RUNS: the table and the ratios then stand on the two others.
  const bareOwnBundle = figures.bareOwnBundle.length ? side(figures.bareOwnBundle) : undefined;
  const ratio = etom.perWorkflowKb / bare.perWorkflowKb;
  const ownRatio = bareOwnBundle ? etom.perWorkflowKb / bareOwnBundle.perWorkflowKb : undefined;
  const all = { etom, bare, bareOwnBundle };
  const lines = [
    '',
    cache.said,
    `run            idle MB  ${orders} waiting MB  cached  KB per cached workflow  completed`,
    ...RUNS.flatMap((s) => {
      const f = all[s];
      if (!f) return [];
      return `${s.padEnd(14)} ${f.idleRssMb.toFixed(0).padStart(7)}  ${f.loadedRssMb.toFixed(0).padStart(10 + String(orders).length)}  ${String(f.cached).padStart(6)}  ${f.perWorkflowKb.toFixed(1).padStart(22)}  ${f.completed}/${orders}`;
    }),
    '',
    `per cached workflow etom/bare: ${ratio.toFixed(2)} (goal ≤ ${GOAL_RATIO})${ownRatio === undefined ? '' : `; etom/bare in its own bundle: ${ownRatio.toFixed(2)}`}`,
    // Capped, the total is what it is for N open: no rate per cached workflow extends it.
    `etom worker total ${etom.loadedRssMb.toFixed(0)} MB for ${orders} open (goal < ${GOAL_TOTAL_MB} MB for 10,000${cache.capped ? '' : `: ${((etom.idleRssMb + (etom.perWorkflowKb * 10_000) / 1024) / 1024).toFixed(1)} GB at this rate, all cached`})`,
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({
      scenario: 'waiting',
      orders,
      rounds,
      etom,
      bare,
      bareOwnBundle,
      cache: cache.said,
      perWorkflowRatio: Number(ratio.toFixed(2)),
      perWorkflowRatioOwnBundle: ownRatio === undefined ? undefined : Number(ownRatio.toFixed(2)),
      goals: {
        ratioMet: ratio > 0 && ratio <= GOAL_RATIO,
        totalMet: orders >= 10_000 && etom.loadedRssMb < GOAL_TOTAL_MB,
        allCompleted: [etom, bare, bareOwnBundle].every((f) => !f || f.completed === orders),
      },
    })}\n`,
  );
}
