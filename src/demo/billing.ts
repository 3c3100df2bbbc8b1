import type { Runtime } from '../runtime/embedded';
import type { DemoReporter } from './reporter';

/** Placeholder: the billing demo flow, to come. */
export async function runBillingDemo(_rt: Runtime, _report: DemoReporter): Promise<unknown> {
  throw new Error('the billing demo is not built yet');
}
