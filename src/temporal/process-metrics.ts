import type { Context as ActivityContext } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { Histogram, Registry } from 'prom-client';
import { layerKeyOf, processByActivity } from '../catalog';

/**
 * The Level-3 processes' runs, as an operator's Prometheus scrapes them: one histogram of
 * durations by eTOM id, layer and outcome, whose `_count` is the runs and whose buckets give the
 * percentiles. It holds what this process's workers ran; `GET /metrics` on the API server of the
 * same process serves it. Labels are ids and names from the catalog only, never business data.
 */
export const processMetrics = new Registry();

const runs = new Histogram({
  name: 'etom_process_duration_seconds',
  help: 'Level-3 process runs (one per activity attempt) by eTOM id, layer and outcome (completed, refused, failed)',
  labelNames: ['etom_id', 'process', 'layer', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [processMetrics],
});

/** A business refusal is an outcome of the process (non-retryable); anything else is a failure, retried. */
function outcomeOf(err: unknown): 'refused' | 'failed' {
  return err instanceof ApplicationFailure && err.nonRetryable ? 'refused' : 'failed';
}

/** The worker's activity interceptor that times every process run into `processMetrics`. */
export const processMetricsInterceptor: ActivityInterceptorsFactory = (ctx: ActivityContext) => {
  const p = processByActivity(ctx.info.activityType);
  const labels = {
    etom_id: p?.id ?? 'none',
    process: p?.nameEn ?? ctx.info.activityType,
    layer: (p && layerKeyOf(p)) ?? 'none',
  };
  return {
    inbound: {
      async execute(input, next) {
        const end = runs.startTimer(labels);
        try {
          const result = await next(input);
          end({ outcome: 'completed' });
          return result;
        } catch (err) {
          end({ outcome: outcomeOf(err) });
          throw err;
        }
      },
    },
  };
};
