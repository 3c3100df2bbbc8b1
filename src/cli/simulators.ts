import { type Client } from '@temporalio/client';
import { z } from 'zod';
import { type EnterpriseStore, openStore } from '../adapters/store';
import { loadConfig, redactedUrl } from '../config';
import { startFieldTechnicians } from '../simulators/field-technicians';
import { startSupplierSimulator } from '../simulators/supplier-report-delivery';
import { connectClient, projectClient } from '../temporal/connect';
import { installTemporalRuntime } from '../temporal/runtime';
import { workOrderCompletedSignal } from '../../workflows/shared/assurance-messages';
import { parse } from './args';

const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * The active simulators: the parts of the simulated outside world that act on their own, by
 * signal, rather than answer an activity's call (the network, the usage feed and the suppliers'
 * answers to a requisition are called from the workers' activities, on the store, and need no
 * process). The embedded runtime runs them in-process; the cluster topology in one process of
 * their own (`etom simulators`), so that replicated workers do not each run a copy.
 */
export const ACTIVE_SIMULATORS = ['supplier-report-delivery', 'field-technicians'] as const;
export type ActiveSimulator = (typeof ACTIVE_SIMULATORS)[number];

export interface HostedSimulators {
  names: readonly ActiveSimulator[];
  stop(): Promise<void>;
}

/**
 * Starts the named simulators on the store, delivering their signals through `client`:
 *  - supplier report delivery: the suppliers' due reports to the partner orders and problems;
 *  - field technicians (installers): a fibre order's on-site visit reported done (1.O.3.1.6)
 *    after `onSiteMs`, as in the embedded runtime.
 */
export function startSimulators(opts: {
  store: Pick<EnterpriseStore, 'db' | 'ports'>;
  client: Client;
  names: readonly ActiveSimulator[];
  onSiteMs?: number;
}): HostedSimulators {
  const { store, client, names } = opts;
  const suppliers = names.includes('supplier-report-delivery')
    ? startSupplierSimulator({
        db: store.db,
        clock: store.ports.clock,
        deliver: (workflowId, signal, report) => client.workflow.getHandle(workflowId).signal(signal, report),
      })
    : undefined;
  const installers = names.includes('field-technicians')
    ? startFieldTechnicians({
        workforce: store.ports.workforce,
        clock: store.ports.clock,
        deliver: (workflowId, completion) =>
          client.workflow.getHandle(workflowId).signal(workOrderCompletedSignal, completion),
        onSiteMs: opts.onSiteMs ?? 2_000,
        kinds: ['install'],
      })
    : undefined;
  return {
    names,
    async stop() {
      await installers?.stop();
      await suppliers?.stop();
    },
  };
}

/** ETOM_SIMULATORS=off: the same as `etom worker --no-simulators` (a container's environment). */
const SimulatorsEnv = z.object({ ETOM_SIMULATORS: z.enum(['on', 'off']).default('on') });

/** Whether `etom worker` hosts its layers' simulators: yes unless `--no-simulators` or ETOM_SIMULATORS=off. */
export function workerHostsSimulators(
  noSimulators: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const parsed = SimulatorsEnv.safeParse(env);
  if (!parsed.success) throw new Error(`invalid environment: ETOM_SIMULATORS must be on or off`);
  return !noSimulators && parsed.data.ETOM_SIMULATORS === 'on';
}

/** What a worker of these layers hosts when it hosts simulators: the S/PRM worker the suppliers, RM&O the installers. */
export function simulatorsOfLayers(layers: readonly string[]): ActiveSimulator[] {
  return [
    ...(layers.includes('sprm') ? (['supplier-report-delivery'] as const) : []),
    ...(layers.includes('rmo') ? (['field-technicians'] as const) : []),
  ];
}

function untilStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/**
 * `etom simulators`: the active simulators alone, against the configured (or local) cluster
 * and the store, until SIGTERM or Ctrl-C. Run one per deployment (the workers then run with
 * `--no-simulators`): a second copy would deliver every report twice.
 */
export async function runSimulators(args: string[]): Promise<number> {
  parse(args, {});
  installTemporalRuntime();
  const cfg = loadConfig();
  const stopRequested = untilStopSignal();
  const address = cfg.temporalAddress ?? `localhost:${cfg.temporalPort}`;
  const store = await openStore(cfg, { installedBase: true });
  const connection = await connectClient(address);
  try {
    const client = projectClient(connection, cfg);
    const hosted = startSimulators({ store, client, names: ACTIVE_SIMULATORS });
    say(`Temporal: ${address} (namespace ${cfg.namespace})`);
    say(`enterprise store: ${cfg.storeUrl ? redactedUrl(cfg.storeUrl) : `SQLite in ${cfg.dataDir}`}`);
    // The cluster topology waits for this line (of this pid: its log file is appended to) before it calls the cluster up.
    say(`simulators running (pid ${process.pid}): ${hosted.names.join(', ')}`);
    const signal = await stopRequested;
    say(`${signal} received: stopping the simulators`);
    await hosted.stop();
  } finally {
    await connection.close();
    await store.close();
  }
  return 0;
}
