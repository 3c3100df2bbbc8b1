import { Context } from '@temporalio/activity';
import { TransientErrorType, TransientFault } from '../../contracts/errors';
import type { Ports } from '../../ports';

/**
 * Chaos for the ports (issue #16): with probability `rate` a call to an adapter fails
 * transiently, before the call, so the store is untouched and the activity's retry is plainly
 * safe. With `afterShare`, that share of the failures comes after the call instead — the write
 * is done but its answer lost, as when a worker dies between its write and its report — and
 * only the idempotency keys (`once`), and activities that take a state they already reached as
 * done, keep the retry from writing twice or refusing what it did itself. That is the hard test.
 *
 * The system stumbles, it does not stay down: from the activity's `maxFaultyAttempts + 1`-th
 * attempt on, its calls go through. Otherwise an activity of ten calls would succeed one
 * attempt in 35 at 30 % and exhaust its retry policy (12 attempts), which tests the policy's
 * size, not the idempotency of the writes.
 */
export interface FaultInjectionOptions {
  /** Share of calls that fail, 0 ≤ rate < 1. */
  rate: number;
  /** Share of the failures injected after the call rather than before (default 0: before only). */
  afterShare?: number;
  /** Attempts of one activity that may meet faults (default 3): later ones are spared. */
  maxFaultyAttempts?: number;
  /** The source of chance (tests pass a seeded one). */
  random?: () => number;
  /** The current activity's attempt (default: from the activity's context; outside one, 1). */
  attempt?: () => number;
}

/** What the injector did, by where the fault came. */
export interface FaultCounts {
  calls: number;
  before: number;
  after: number;
}

export interface FaultInjectedPorts {
  ports: Ports;
  counts: FaultCounts;
}

/**
 * Ports that are not an external system's: the clock is a function of this process, and the
 * process-run recorder is the workers' own bookkeeping, written outside any activity's retry.
 */
const UNTOUCHED: ReadonlySet<keyof Ports> = new Set<keyof Ports>(['clock', 'processRuns']);

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

function activityAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1; // not inside an activity
  }
}

/** Every method of every adapter port wrapped: the ports keep their shape, sync methods stay sync. */
export function injectFaults(ports: Ports, opts: FaultInjectionOptions): FaultInjectedPorts {
  if (!(opts.rate >= 0 && opts.rate < 1)) throw new Error(`fault rate must be in [0, 1), got ${opts.rate}`);
  const random = opts.random ?? Math.random;
  const afterShare = opts.afterShare ?? 0;
  const maxFaultyAttempts = opts.maxFaultyAttempts ?? 3;
  const attempt = opts.attempt ?? activityAttempt;
  const counts: FaultCounts = { calls: 0, before: 0, after: 0 };
  const fault = (where: 'before' | 'after', name: string) => {
    counts[where]++;
    return new TransientFault(TransientErrorType.SystemUnavailable, `injected fault ${where} ${name}`, {
      injected: where,
    });
  };
  const wrapPort = (portName: string, port: object): object =>
    new Proxy(port, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || typeof prop === 'symbol') return value;
        const name = `${portName}.${prop}`;
        return function (this: unknown, ...args: unknown[]) {
          counts.calls++;
          const failed = attempt() <= maxFaultyAttempts && random() < opts.rate;
          const after = failed && random() < afterShare;
          // An async method fails as it would, by rejecting; a sync one by throwing.
          if (failed && !after) {
            const err = fault('before', name);
            if (value.constructor.name === 'AsyncFunction') return Promise.reject(err);
            throw err;
          }
          const result: unknown = Reflect.apply(value as (...a: unknown[]) => unknown, target, args);
          if (!after) return result;
          // The call went through (a write is in the store); only its answer is lost.
          if (isThenable(result))
            return Promise.resolve(result).then(() => {
              throw fault('after', name);
            });
          throw fault('after', name);
        };
      },
    });
  const wrapped = Object.fromEntries(
    Object.entries(ports).map(([key, port]) => [
      key,
      UNTOUCHED.has(key as keyof Ports) || typeof port !== 'object' || port === null
        ? port
        : wrapPort(key, port as object),
    ]),
  ) as unknown as Ports;
  return { ports: wrapped, counts };
}
