import { afterEach, describe, expect, it } from 'vitest';
import { injectFaults } from '../../src/adapters/fault-injection';
import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite';
import { loadConfig } from '../../src/config';
import { TransientFault } from '../../src/contracts/errors';

const notice = {
  recipient: 'CUST-1001',
  channel: 'email' as const,
  subject: 'Your order',
  body: 'accepted',
  reference: 'ORD-CHAOS-1',
};

/** A random source that answers the given draws in turn. */
const draws = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('fault injection over the ports (#16)', () => {
  let store: SqliteStore;
  afterEach(() => store?.close());
  const count = () =>
    store.db.prepare("SELECT COUNT(*) FROM notifications WHERE reference = 'ORD-CHAOS-1'").pluck().get() as number;

  it('fails a call before it touches the store: nothing written, a transient fault', async () => {
    store = createSqliteStore({ filename: ':memory:' });
    // First draw: fails (< rate); second: before (≥ afterShare).
    const { ports, counts } = injectFaults(store.ports, {
      rate: 0.3,
      afterShare: 0.5,
      random: draws(0.1, 0.9),
      attempt: () => 1,
    });
    const err = await ports.notifications.send('key-1', notice).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientFault);
    expect((err as TransientFault).details).toEqual({ injected: 'before' });
    expect(count()).toBe(0);
    expect(counts).toEqual({ calls: 1, before: 1, after: 0 });
  });

  it('fails a call after its write: the retry under the same key writes nothing twice', async () => {
    store = createSqliteStore({ filename: ':memory:' });
    const { ports, counts } = injectFaults(store.ports, {
      rate: 0.3,
      afterShare: 0.5,
      random: draws(0.1, 0.2),
      attempt: () => 1,
    });
    const err = await ports.notifications.send('key-2', notice).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientFault);
    expect((err as TransientFault).details).toEqual({ injected: 'after' });
    expect(count()).toBe(1); // the write happened, its answer was lost
    // The activity's retry: same idempotency key, through the unfaulted port.
    const sent = await store.ports.notifications.send('key-2', notice);
    expect(count()).toBe(1);
    expect(sent.reference).toBe('ORD-CHAOS-1');
    expect(counts.after).toBe(1);
  });

  it('spares attempts past maxFaultyAttempts, and leaves the clock and process runs alone', async () => {
    store = createSqliteStore({ filename: ':memory:' });
    const { ports, counts } = injectFaults(store.ports, {
      rate: 0.99,
      random: () => 0,
      attempt: () => 4,
      maxFaultyAttempts: 3,
    });
    await ports.notifications.send('key-3', notice);
    expect(count()).toBe(1);
    expect(counts.before + counts.after).toBe(0);
    expect(ports.clock).toBe(store.ports.clock);
    expect(ports.processRuns).toBe(store.ports.processRuns);
  });

  it('is off by default and refused without ETOM_FAULT_INJECTION=1', () => {
    expect(loadConfig({})).toMatchObject({ faultRate: 0, faultAfterShare: 0 });
    expect(() => loadConfig({ ETOM_FAULT_RATE: '0.3' })).toThrow(/set ETOM_FAULT_INJECTION=1 too/);
    expect(loadConfig({ ETOM_FAULT_RATE: '0.3', ETOM_FAULT_INJECTION: '1', ETOM_FAULT_AFTER: '0.5' })).toMatchObject({
      faultRate: 0.3,
      faultAfterShare: 0.5,
    });
    expect(() => loadConfig({ ETOM_FAULT_RATE: '1', ETOM_FAULT_INJECTION: '1' })).toThrow(/ETOM_FAULT_RATE/);
  });
});
