import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createActivitiesByLayer } from '../../activities';
import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite';
import { describeCrash, FUZZ_RUNS, FUZZ_SEED, FUZZ_TIMEOUT, outcomeOf, writesOf } from './support';
import { arbitraryOf } from './zod-arbitrary';

interface Contracted {
  (input: unknown): Promise<unknown>;
  etomId: string;
  input: z.ZodType;
}

/**
 * Every activity the workers register, called with generated inputs: arbitrary JSON, and
 * values shaped by its own input schema (so the code behind the parse runs too), over an
 * in-memory store seeded with the sample operator (and its installed base).
 */
describe('fuzz (#16): every activity input contract', () => {
  let store: SqliteStore;
  let activities: Array<[string, Contracted]>;

  beforeAll(() => {
    store = createSqliteStore({ filename: ':memory:', installedBase: true });
    activities = Object.values(createActivitiesByLayer(store.ports)).flatMap((layer) =>
      Object.entries(layer as Record<string, Contracted>),
    );
  });
  afterAll(() => store.close());

  it('lists every registered activity with its zod schema', () => {
    expect(activities.length).toBeGreaterThan(100);
    for (const [name, fn] of activities) {
      expect(fn.etomId, name).toMatch(/^1\./);
      expect(typeof fn.input.safeParse, name).toBe('function');
    }
  });

  it(
    `${FUZZ_RUNS} generated inputs: a refusal with a stable type (InvalidInput naming the field, nothing written), or the process's answer; never a crash`,
    async () => {
      const crashes = new Map<string, string>();
      const json = fc.jsonValue({ maxDepth: 3, depthSize: 'small' });
      const shaped = activities.map(([, a]) => arbitraryOf(a.input));
      const call = fc
        .integer({ min: 0, max: activities.length - 1 })
        .chain((n) =>
          fc.tuple(fc.constant(n), fc.oneof({ arbitrary: json, weight: 1 }, { arbitrary: shaped[n]!, weight: 3 })),
        );
      await fc.assert(
        fc.asyncProperty(call, async ([n, input]) => {
          const [name, activity] = activities[n]!;
          const valid = activity.input.safeParse(input).success;
          const before = writesOf(store);
          const outcome = await outcomeOf(() => activity(input));
          if (outcome.kind === 'crash') {
            crashes.set(name, `${describeCrash(outcome.error)} on ${JSON.stringify(input)?.slice(0, 300)}`);
            return;
          }
          if (valid) return; // the process ran: its answer, or its refusal with a type
          expect(outcome.kind, name).toBe('refused');
          if (outcome.kind !== 'refused') return;
          expect(outcome.failure.type, name).toBe('InvalidInput');
          expect(outcome.failure.nonRetryable, name).toBe(true);
          expect(outcome.failure.message, name).toContain(`${activity.etomId}: invalid input: `);
          expect(writesOf(store), name).toBe(before);
        }),
        { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
      );
      expect(Object.fromEntries(crashes)).toEqual({});
    },
    FUZZ_TIMEOUT,
  );
});
