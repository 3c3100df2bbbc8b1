import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVE_SIMULATORS, simulatorsOfLayers, workerHostsSimulators } from '../../src/cli/simulators';

const bin = path.resolve(__dirname, '../../bin/etom.cjs');
const etom = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });

/**
 * `etom simulators` and `etom worker --no-simulators` (#14): what a worker hosts is decided
 * before it connects anywhere, so these need no server. The cluster test runs both for real.
 */
describe('etom simulators and the worker that hosts none', () => {
  it('hosts its layers simulators unless --no-simulators or ETOM_SIMULATORS=off', () => {
    expect(workerHostsSimulators(undefined, {})).toBe(true);
    expect(workerHostsSimulators(false, { ETOM_SIMULATORS: 'on' })).toBe(true);
    expect(workerHostsSimulators(true, {})).toBe(false);
    expect(workerHostsSimulators(undefined, { ETOM_SIMULATORS: 'off' })).toBe(false);
    expect(() => workerHostsSimulators(undefined, { ETOM_SIMULATORS: 'no' })).toThrow(
      /ETOM_SIMULATORS must be on or off/,
    );
    // S/PRM's worker delivers the suppliers' reports, RM&O's the installers' visits; the others none.
    expect(simulatorsOfLayers(['crm', 'smo'])).toEqual([]);
    expect(simulatorsOfLayers(['sprm'])).toEqual(['supplier-report-delivery']);
    expect(simulatorsOfLayers(['rmo'])).toEqual(['field-technicians']);
    expect(simulatorsOfLayers(['crm', 'smo', 'rmo', 'sprm'])).toEqual([...ACTIVE_SIMULATORS]);
  });

  it('refuses wrong options and environment in one line, before connecting to anything', () => {
    const extra = etom(['simulators', '--layer', 'rmo']);
    expect(extra.status).toBe(2);
    expect(extra.stderr).toMatch(/^etom simulators: Unknown option '--layer'/);
    const env = etom(['worker', '--layer', 'rmo'], { ETOM_SIMULATORS: 'maybe' });
    expect(env.status).toBe(1);
    expect(env.stderr.trim()).toBe('etom worker: invalid environment: ETOM_SIMULATORS must be on or off');
    const help = etom(['help']);
    expect(help.stdout).toMatch(/^ {2}simulators /m);
    expect(help.stdout).toMatch(/^ {2}worker \[--layer L\] \[--no-simulators\]/m);
  });
});
