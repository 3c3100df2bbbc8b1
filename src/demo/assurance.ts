import type { Runtime } from '../runtime/embedded';
import type { DemoReporter } from './reporter';

/** Placeholder: the assurance demo flow, to come. */
export async function runAssuranceDemo(_rt: Runtime, _report: DemoReporter): Promise<unknown> {
  throw new Error('the assurance demo is not built yet');
}
