import type { Runtime } from '../runtime/embedded';
import type { DemoReporter } from './reporter';
import { runAssuranceDemo } from './assurance';
import { runBillingDemo } from './billing';
import { runFulfilmentDemo } from './fulfilment';
import { runLifecycleDemo } from './lifecycle';
import { runSmokeDemo } from './smoke';

export type DemoFlow = (rt: Runtime, report: DemoReporter) => Promise<unknown>;

/** The flows `etom demo <flow>` can run; the first is the default. */
export const DEMO_FLOWS: Record<string, DemoFlow> = {
  fulfilment: runFulfilmentDemo,
  smoke: runSmokeDemo,
  assurance: runAssuranceDemo,
  billing: runBillingDemo,
  lifecycle: runLifecycleDemo,
};
