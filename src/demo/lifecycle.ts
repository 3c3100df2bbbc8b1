import type { Runtime } from '../runtime/embedded';
import type { DemoReporter } from './reporter';

/** Placeholder: the customer lifecycle demo flow, to come. */
export async function runLifecycleDemo(_rt: Runtime, _report: DemoReporter): Promise<unknown> {
  throw new Error('the lifecycle demo is not built yet');
}
