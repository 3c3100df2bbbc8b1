import { UsageError, parse } from '../src/cli/args';
import { runAlarmsBench } from './alarms';
import { runApiBench } from './api';
import { runChaosBench } from './chaos';
import { runDashboardBench } from './dashboard';
import { runDemosBench } from './demos';
import { runFulfilmentBench } from './fulfilment';
import { runRatingBench } from './rating';
import { runRatingStoresBench } from './rating-stores';
import { runTopologyBench } from './topology';
import { runWaitingBench } from './waiting';

const SCENARIOS: Record<string, (opts: Record<string, string | undefined>) => Promise<void>> = {
  fulfilment: runFulfilmentBench,
  alarms: runAlarmsBench,
  rating: runRatingBench,
  'rating-stores': runRatingStoresBench,
  api: runApiBench,
  dashboard: runDashboardBench,
  chaos: runChaosBench,
  topology: runTopologyBench,
  demos: runDemosBench,
  waiting: runWaitingBench,
};

/**
 * Benchmarks run on demand, never as tests: each scenario measures the project against a
 * bare-Temporal baseline in the same run, on the same server and worker options, interleaved
 * after a warm-up, and reports the ratio.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(
      argv,
      {
        orders: { type: 'string' },
        rounds: { type: 'string' },
        concurrency: { type: 'string' },
        profile: { type: 'boolean' },
        alarms: { type: 'string' },
        resources: { type: 'string' },
        records: { type: 'string' },
        seconds: { type: 'string' },
        requests: { type: 'string' },
        kills: { type: 'string' },
        'after-share': { type: 'string' },
        runs: { type: 'string' },
        flow: { type: 'string' },
        cache: { type: 'string' },
      },
      true,
    );
    const name = positionals[0];
    const scenario = name ? SCENARIOS[name] : undefined;
    if (!scenario)
      throw new UsageError(
        `bench <${Object.keys(SCENARIOS).join('|')}> [--orders N] [--rounds R] [--concurrency C [--profile]] [--alarms N] [--resources N] [--records N] [--seconds S] [--requests N] [--kills K [--after-share S]] [--runs N [--flow F]] [--cache N|sdk]`,
      );
    // Flags reach a scenario as present ('true') or absent, like the valued options.
    await scenario({ ...values, profile: values.profile ? 'true' : undefined });
    return 0;
  } catch (err) {
    process.stderr.write(`bench: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
