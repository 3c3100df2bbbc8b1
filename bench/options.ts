import type { WorkerOptions } from '@temporalio/worker';

/**
 * Experiment knobs, applied to both sides of a benchmark alike (same server, same workers):
 * `ETOM_BENCH_SERVER_ARGS` holds more `temporal server start-dev` flags, split on spaces
 * (`--sqlite-pragma journal_mode=WAL --dynamic-config-value system.enableActivityEagerExecution=true`);
 * `ETOM_BENCH_WORKER_OPTIONS` holds a JSON object merged into every worker's options
 * (`{"maxCachedWorkflows":0}`). Unset, the benchmark runs with the defaults the project runs with.
 */
export function benchServerArgs(): string[] {
  return (process.env['ETOM_BENCH_SERVER_ARGS'] ?? '').split(/\s+/).filter(Boolean);
}

export function benchWorkerOptions(): Partial<WorkerOptions> {
  const raw = process.env['ETOM_BENCH_WORKER_OPTIONS'];
  if (!raw) return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('ETOM_BENCH_WORKER_OPTIONS must be a JSON object of worker options');
  return parsed as Partial<WorkerOptions>;
}

/** One line that says which knobs a run used, so figures are never read without them. */
export function describeBenchOptions(): string {
  const server = benchServerArgs();
  const worker = process.env['ETOM_BENCH_WORKER_OPTIONS'];
  return `server flags: ${server.length ? server.join(' ') : '(defaults)'}; worker options: ${worker ?? '(defaults)'}`;
}
