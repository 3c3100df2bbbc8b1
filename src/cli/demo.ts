import { loadConfig } from '../config';
import { DEMO_FLOWS, PREPARED_DEMOS } from '../demo';
import { consoleReporter } from '../demo/reporter';
import { withEmbeddedRuntime } from '../runtime/embedded';
import { Interrupted } from '../runtime/stop-signals';
import { DEMO_OUTCOMES, DemoOutcomeError } from '../demo/outcomes';
import { UsageError, parse } from './args';

export async function runDemo(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } }, true);
  if (positionals.length > 1) throw new UsageError(`one flow at a time (got ${positionals.join(', ')})`);
  const flowName = positionals[0] ?? Object.keys(DEMO_FLOWS)[0]!;
  const prepare = PREPARED_DEMOS[flowName];
  if (!DEMO_FLOWS[flowName] && !prepare)
    throw new UsageError(
      `unknown flow '${flowName}' (try: ${[...Object.keys(DEMO_FLOWS), ...Object.keys(PREPARED_DEMOS)].join(', ')})`,
    );

  const report = consoleReporter();
  // A second enterprise (b2b) is started before our runtime, and stopped whatever happens after.
  const prepared = await prepare?.(loadConfig(), report);
  const cfg = prepared?.config ?? loadConfig();
  const flow = prepared?.run ?? DEMO_FLOWS[flowName]!;
  let summary: unknown;
  try {
    summary = await withEmbeddedRuntime(cfg, { log: (l) => report.step(l) }, async (rt) => {
      if (rt.uiUrl) report.step(`Temporal Web UI: ${rt.uiUrl}/namespaces/${rt.namespace}/workflows`);
      report.step(`running the ${flowName} flow`);
      return flow(rt, report);
    });
  } catch (err) {
    await prepared?.close();
    if (!(err instanceof Interrupted)) throw err;
    // Everything is stopped and the data dir released: the flows resume on the next start.
    process.stderr.write(`etom demo: ${err.message}\n`);
    // A flow's own polling loop may still be waiting on its next tick: it has nothing left to do.
    setTimeout(() => process.exit(err.exitCode), 2_000).unref();
    return err.exitCode;
  }
  await prepared?.close();
  // The last line of stdout is the machine-readable summary.
  process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `${JSON.stringify(summary, null, 2)}\n`);
  // Compared with the design, so a script (or a person) is not told all went well when it did not.
  const deviations = DEMO_OUTCOMES[flowName]?.(summary) ?? [];
  if (deviations.length) {
    process.stderr.write(`etom demo: ${new DemoOutcomeError(flowName, deviations).message}\n`);
    return 1;
  }
  return 0;
}
