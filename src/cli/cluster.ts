import { loadConfig } from '../config';
import { clusterDir, clusterDown, clusterEnv, clusterUp, readClusterState, alive } from '../cluster/topology';
import { UsageError } from './args';

const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `etom cluster up|down|status|env`: the production shape on this machine, without Docker —
 * Temporal's server and the enterprise store on PostgreSQL, the workers of each layer and the
 * simulators as separate processes; `env` prints what a shell needs to work on it.
 */
export async function runCluster(args: string[]): Promise<number> {
  const [action = 'status', ...rest] = args;
  if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
  const cfg = loadConfig();
  switch (action) {
    case 'up': {
      const state = await clusterUp(cfg, say);
      say(`Temporal: ${state.temporalAddress} (namespace ${state.namespace})`);
      say(`TMF Open API: ${state.api}/tmf-api`);
      const store = state.store;
      say(
        `enterprise store: ${store.kind === 'postgres' ? `${store.url}${store.own ? " (the cluster's own database)" : ''}` : store.file}`,
      );
      for (const p of state.processes) say(`  ${p.role.padEnd(16)} pid ${p.pid}  ${p.logFile}`);
      say('run flows against it: eval "$(npx etom cluster env)"; npx etom demo …');
      return 0;
    }
    case 'env': {
      // On stdout, for a shell to export: the store's URL carries its password, so never a log line.
      const state = readClusterState(clusterDir(cfg));
      if (!state) {
        say('no cluster is up here (etom cluster up)');
        return 1;
      }
      for (const [name, value] of Object.entries(clusterEnv(state)))
        process.stdout.write(`export ${name}='${value.replace(/'/g, "'\\''")}'\n`);
      return 0;
    }
    case 'down':
      await clusterDown(cfg, say);
      return 0;
    case 'status': {
      const state = readClusterState(clusterDir(cfg));
      if (!state) {
        say('no cluster is up here (etom cluster up)');
        return 1;
      }
      for (const p of state.processes)
        say(`  ${p.role.padEnd(16)} pid ${p.pid}  ${alive(p.pid) ? 'running' : 'EXITED'}`);
      return state.processes.every((p) => alive(p.pid)) ? 0 : 1;
    }
    default:
      throw new UsageError(`etom cluster up|down|status|env (got '${action}')`);
  }
}
