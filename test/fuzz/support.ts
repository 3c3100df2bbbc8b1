import { ApplicationFailure } from '@temporalio/common';
import type { SqliteStore } from '../../src/adapters/sqlite';

/** Rows changed on the store's connection since it opened: unchanged means nothing was written. */
export const writesOf = (store: SqliteStore): number =>
  store.db.prepare('SELECT total_changes()').pluck().get() as number;

/**
 * How a call ended, for a fuzzer: a value, a refusal with a stable type (an ApplicationFailure,
 * what a contract raises), or a crash — anything else thrown (TypeError, a database error), which
 * is a bug: Temporal would retry it for ever.
 */
export type Outcome =
  { kind: 'ok' } | { kind: 'refused'; failure: ApplicationFailure } | { kind: 'crash'; error: unknown };

export async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    await call();
    return { kind: 'ok' };
  } catch (error) {
    return error instanceof ApplicationFailure ? { kind: 'refused', failure: error } : { kind: 'crash', error };
  }
}

/** What a crash was, in one line, for the fuzzer's report. */
export const describeCrash = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);

/** 10,000 generated inputs per fuzzed boundary, unless FUZZ_RUNS says otherwise (a longer or a quicker pass). */
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 10_000);

/** A fuzz test's own bound: generous, for a loaded two-core machine (each runs in seconds alone). */
export const FUZZ_TIMEOUT = 300_000;

/** The fuzzers' seed: fixed, so a run is repeatable; FUZZ_SEED explores others. */
export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 16);
