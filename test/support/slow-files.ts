/**
 * The files that take minutes, longest first. A clean clone has no vitest cache, so vitest's
 * own order (longest first, from the last run's durations) falls back to the glob's, and the
 * chaos run (7 min) once started last: it then ran alone while the other slot sat idle. Started
 * first, each overlaps the many short files instead. The figures are the CI's (2 cores).
 */
export const SLOW_FIRST: readonly string[] = [
  'test/bench/chaos.workflow.test.ts', // ~450 s
  'test/cli/demo-stores.workflow.test.ts', // ~320 s: four demos on each store
  'test/cli/demo-repeat.workflow.test.ts', // ~120 s
  'test/cluster/cluster.workflow.test.ts',
  'test/cli/demo-b2b.workflow.test.ts', // ~70 s
  'test/cli/supervision.test.ts',
  'test/dashboard/browser.workflow.test.ts',
  'test/replay/replay.test.ts',
  'test/adapters/b2b-faults.workflow.test.ts',
  'test/cli/dev.test.ts',
  'test/cli/bill-cycle.workflow.test.ts',
];
