import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { tracingEnabled } from './tracing';

/** The project's workflows, as one bundle shared by every layer's worker in a process. */
export const WORKFLOWS_PATH = path.resolve(__dirname, '../../workflows/index.ts');

/** What every workflow's commands pass through: the eTOM summaries the Web UI shows. */
export const WORKFLOW_INTERCEPTOR_MODULES = [path.resolve(__dirname, '../../workflows/shared/summaries.ts')];

/** Bundled as well when tracing is on (src/temporal/tracing.ts): the OpenTelemetry workflow interceptors. */
export const TRACING_WORKFLOW_INTERCEPTOR_MODULES = [path.resolve(__dirname, 'tracing-workflow.ts')];

/** `tracing`: include the tracing interceptors; by default, when this process has turned tracing on. */
export async function bundleWorkflows(opts: { tracing?: boolean } = {}): Promise<WorkflowBundleWithSourceMap> {
  const tracing = opts.tracing ?? tracingEnabled();
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: tracing
      ? [...WORKFLOW_INTERCEPTOR_MODULES, ...TRACING_WORKFLOW_INTERCEPTOR_MODULES]
      : WORKFLOW_INTERCEPTOR_MODULES,
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
