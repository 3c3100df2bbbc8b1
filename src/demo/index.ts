import type { Runtime } from '../runtime/embedded';
import type { DemoReporter } from './reporter';
import type { EtomConfig } from '../config';
import { runAssuranceDemo } from './assurance';
import { type PreparedDemo, prepareB2bDemo } from './b2b';
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

/**
 * The flows that need something of their own before the runtime starts (b2b: a second
 * enterprise, and the retailer's configuration to reach it). `etom demo` closes what they
 * prepared when the flow ends, fails or is interrupted.
 */
export const PREPARED_DEMOS: Record<string, (cfg: EtomConfig, report: DemoReporter) => Promise<PreparedDemo>> = {
  b2b: prepareB2bDemo,
  'b2b-rejected': (cfg, report) => prepareB2bDemo(cfg, report, 'rejected'),
};
