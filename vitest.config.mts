import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/sequencer.mjs';

/**
 * Two projects: `unit` needs nothing running; `workflow` (files named *.workflow.test.ts)
 * runs against one real Temporal server that its global setup starts for the whole run.
 */
export default defineConfig({
  test: {
    // Temporal workers hold native resources: forks isolate them better than threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: two files at a time keeps the shared server responsive.
    maxWorkers: 2,
    // The files that take minutes start first, so they overlap the short ones (test/support/sequencer.mts).
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.workflow.test.ts'],
          // A fork keeps its module cache from one unit file to the next: importing the domain's
          // schemas, the catalog and the SDK once per fork, not once per file, was about 40 % of
          // these files' time. The workflow files stay isolated: their workers, codecs and
          // environment would leak into the next file of the fork.
          isolate: false,
          // One throwaway PostgreSQL server for the run; each test copies a migrated template.
          globalSetup: ['test/support/postgres-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'workflow',
          include: ['test/**/*.workflow.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
