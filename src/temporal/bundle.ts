import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { tracingEnabled } from './tracing';

/** The project's workflows, as one bundle shared by every layer's worker in a process. */
export const WORKFLOWS_PATH = path.resolve(__dirname, '../../workflows/index.ts');

/** What every workflow's commands pass through: the eTOM summaries the Web UI shows. */
export const WORKFLOW_INTERCEPTOR_MODULES = [path.resolve(__dirname, '../../workflows/shared/summaries.ts')];

/** Bundled as well when tracing is on (src/temporal/tracing.ts): the OpenTelemetry workflow interceptors. */
export const TRACING_WORKFLOW_INTERCEPTOR_MODULES = [path.resolve(__dirname, 'tracing-workflow.ts')];

/**
 * What the reusable V8 context evaluates once and shares, deep-frozen, with every cached workflow
 * (the SDK's `preloadModules`): the whole graph of the workflows and of the given interceptors, then
 * src/temporal/shared-modules.ts, which freezes them first in a way zod's schemas survive. Not preloaded,
 * each cached workflow evaluated the graph again: ~2.4 MB of heap each (bench/README.md, P4).
 * Nothing in the graph keeps state at module scope; module scope runs before any workflow
 * exists and emits no command, so what preloading changes is memory, not histories.
 */
export function preloadModules(workflowsPath: string, interceptorModules: readonly string[]): string[] {
  return [workflowsPath, ...interceptorModules, path.resolve(__dirname, 'shared-modules.ts')];
}

/** `tracing`: include the tracing interceptors; by default, when this process has turned tracing on. */
export async function bundleWorkflows(opts: { tracing?: boolean } = {}): Promise<WorkflowBundleWithSourceMap> {
  const tracing = opts.tracing ?? tracingEnabled();
  const interceptors = tracing
    ? [...WORKFLOW_INTERCEPTOR_MODULES, ...TRACING_WORKFLOW_INTERCEPTOR_MODULES]
    : WORKFLOW_INTERCEPTOR_MODULES;
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: interceptors,
    // The tracing interceptors keep OpenTelemetry's state per workflow: not preloaded.
    preloadModules: preloadModules(WORKFLOWS_PATH, WORKFLOW_INTERCEPTOR_MODULES),
    logger: quietBundlerLogger,
  });
}

// The bundler logs each build at info level; a CLI user only needs to hear about problems.
const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
