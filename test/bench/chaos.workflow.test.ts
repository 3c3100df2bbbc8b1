import { describe, expect, it } from 'vitest';
import { runChaos } from '../../bench/chaos';

/**
 * The short chaos run (#16): its own Temporal server and two `etom worker` processes whose
 * adapter calls fail 30 % of the time (half of them after the write), three SIGKILLs of a
 * worker and one kill of the server, while orders, the assurance flows and a bill cycle run;
 * then the audit over everything they did.
 */
describe('chaos: --orders 30 --kills 3', () => {
  it('ends with every order terminal and an audit of 0 violations', async () => {
    const result = await runChaos({ orders: 30, kills: 3, say: (line) => process.stderr.write(`[chaos] ${line}\n`) });
    process.stderr.write(`[chaos] ${JSON.stringify(result)}\n`);
    expect(result.audit.details).toEqual([]);
    expect(result.audit.violations).toBe(0);
    // Terminal: completed, or failed as designed (compensated, its store and flows consistent).
    expect(result.orders.terminal).toBe(30);
    expect(result.drivers).toEqual({ assurance: 'ok', billing: 'ok' });
    expect(result.kills).toMatchObject({ workers: 3, server: 1 });
    expect(result.recovery).toHaveLength(4);
    // Every flow of the run replayed, and the injected faults were really met and retried.
    expect(result.audit.historiesReplayed).toBeGreaterThan(30 * 5);
    expect(result.retriesAbsorbed).toBeGreaterThan(0);
  }, 900_000);
});
