import { UsageError } from './args';
import type * as AuditCommand from './audit';
import type * as BillCycleCommand from './bill-cycle';
import type * as CatalogCommand from './catalog';
import type * as ClusterCommand from './cluster';
import type * as DemoCommand from './demo';
import type * as SchedulesCommand from './schedules';
import type * as ServeCommand from './serve';
import type * as SimulatorsCommand from './simulators';
import type * as TraceCommand from './trace';

const USAGE = `usage: etom <command> [options]

commands:
  catalog [--json] [--layer L] [--level N]   the eTOM processes and what implements them
  catalog ID [--json]                        one process (1.F.2.2.1): its names, text and file
  dev [--timings demo|standard]              Temporal dev server + Web UI + all layer workers + the API
                                             (demo timings and simulated technicians by default)
  api [--timings standard|demo]              the TMF Open API server alone (stateless)
  worker [--layer L] [--no-simulators]       the workers of one layer (crm|smo|rmo|sprm) or all, with their
                                             layers' simulated suppliers/installers unless --no-simulators
  simulators                                 the simulated suppliers' reports and field technicians alone
                                             (one per deployment; its workers then run --no-simulators)
  cluster up|down|status|env                 Temporal's server on PostgreSQL + one worker process per layer
                                             (and a second RM&O one) + the simulators + the API, the enterprise
                                             store on the same PostgreSQL, on loopback, without Docker
                                             (env: the exports a shell needs to run flows on it)
  demo [flow] [--json]                       run a sample flow on the embedded default
  schedules [list|trigger] [--json]          the readiness schedules (Operations Support & Readiness)
  bill-cycle [--json] [--timings standard|demo] [--no-settle]   run the bill cycle now, print its bills' ids
  audit [--json] [--since 24h] [--limit N]   the invariants between the store and the workflows (exit 1 on a violation)
  trace ID [--format text|mermaid] [--json]  the flow a workflow ran, across the layers, from its histories
    [--partner API_URL]                      …beside the partner enterprise's flow for it (token in ETOM_PARTNER_TOKEN)

environment: TEMPORAL_ADDRESS (use a cluster, start nothing), TEMPORAL_NAMESPACE,
  TEMPORAL_CLI_PATH, TEMPORAL_PORT, TEMPORAL_UI_PORT, ETOM_DATA_DIR, ETOM_CACHE_DIR,
  ETOM_API_HOST, ETOM_API_PORT, ETOM_API_TOKENS (token=scope,… or @file), ETOM_TMF_DIR,
  ETOM_STORE_URL (postgres://…: the enterprise store on PostgreSQL), ETOM_SIMULATORS (on|off, for worker)`;

type Command = (args: string[]) => Promise<number>;

/*
 * Each command's module loads when it runs, not before: `etom --help`, a usage error or
 * `etom catalog` need neither the Temporal SDK nor the activities, and loading everything
 * cost every start about 3 s of CPU. `require` rather than `import()`: the CLI runs from its
 * TypeScript sources through tsx's CommonJS hook, which Node's ESM loader does not go through.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, Command> = {
  catalog: (a) => (require('./catalog') as typeof CatalogCommand).runCatalog(a),
  dev: (a) => (require('./serve') as typeof ServeCommand).runDev(a),
  api: (a) => (require('./serve') as typeof ServeCommand).runApi(a),
  worker: (a) => (require('./serve') as typeof ServeCommand).runWorker(a),
  simulators: (a) => (require('./simulators') as typeof SimulatorsCommand).runSimulators(a),
  demo: (a) => (require('./demo') as typeof DemoCommand).runDemo(a),
  schedules: (a) => (require('./schedules') as typeof SchedulesCommand).runSchedules(a),
  trace: (a) => (require('./trace') as typeof TraceCommand).runTrace(a),
  audit: (a) => (require('./audit') as typeof AuditCommand).runAuditCommand(a),
  'bill-cycle': (a) => (require('./bill-cycle') as typeof BillCycleCommand).runBillCycle(a),
  cluster: (a) => (require('./cluster') as typeof ClusterCommand).runCluster(a),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command '${name}' (try: ${Object.keys(COMMANDS).join(', ')})`);
    return await command(rest);
  } catch (err) {
    // One line, never a stack trace: the user needs to know what to change, not where we were.
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    process.stderr.write(`etom ${name}: ${message}\n`);
    if (process.env['ETOM_DEBUG']) console.error(err);
    return err instanceof UsageError ? 2 : 1;
  }
}
