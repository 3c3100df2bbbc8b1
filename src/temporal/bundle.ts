import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/** The project's workflows, as one bundle shared by every layer's worker in a process. */
export const WORKFLOWS_PATH = path.resolve(__dirname, '../../workflows/index.ts');

/** What every workflow's commands pass through: the eTOM summaries the Web UI shows. */
export const WORKFLOW_INTERCEPTOR_MODULES = [path.resolve(__dirname, '../../workflows/shared/summaries.ts')];

export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
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
