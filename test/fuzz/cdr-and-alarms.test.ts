import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite';
import { ingestAlarms } from '../../src/assurance/alarm-ingest';
import { TmfRequestError } from '../../src/contracts/tmf-error';
import { AlarmEventInput } from '../../src/domain/assurance/alarm-event';
import { formatCdr, parseCdr, type UsageEvent } from '../../src/domain/billing/usage';
import type { AlarmEvent } from '../../src/ports/alarms';
import { type RecordedStart, stubClient } from '../api/stub-client';
import { describeCrash, FUZZ_RUNS, FUZZ_SEED, FUZZ_TIMEOUT, writesOf } from './support';
import { arbitraryOf } from './zod-arbitrary';

const usageEvent: fc.Arbitrary<UsageEvent> = fc.record({
  usageType: fc.constantFrom('voice' as const, 'data' as const),
  correlationId: fc.stringMatching(/^[A-Z0-9-]{1,20}$/),
  elementId: fc.stringMatching(/^[A-Z0-9-]{1,12}$/),
  seq: fc.nat({ max: 1e9 }),
  startedAt: fc
    .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  quantity: fc.nat({ max: 1e9 }),
  party: fc.stringMatching(/^[+0-9a-z.]{0,16}$/),
});

/** A valid line changed in one place: a character replaced, dropped or doubled. */
const mutatedLine = fc
  .tuple(usageEvent.map(formatCdr), fc.nat(), fc.constantFrom('replace', 'drop', 'double'), fc.string({ maxLength: 2 }))
  .map(([line, at, how, s]) => {
    const i = at % Math.max(line.length, 1);
    if (how === 'drop') return line.slice(0, i) + line.slice(i + 1);
    if (how === 'double') return line.slice(0, i + 1) + line.slice(i);
    return line.slice(0, i) + s + line.slice(i + 1);
  });

/** A line whose start is any digits in the timestamp's places (day 31 of February included). */
const anyDateLine = fc
  .tuple(
    usageEvent,
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 19 }),
    fc.integer({ min: 0, max: 39 }),
    fc.integer({ min: 0, max: 29 }),
    fc.integer({ min: 0, max: 69 }),
    fc.integer({ min: 0, max: 69 }),
  )
  .map(([e, y, mo, d, h, mi, s]) => {
    const two = (n: number) => String(n).padStart(2, '0');
    return formatCdr({
      ...e,
      startedAt: `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}Z`,
    });
  });

describe('fuzz (#16): the CDR parser of usage mediation', () => {
  it(
    `${FUZZ_RUNS} lines: a reason for what is not a record, never a throw; what it reads is a real record`,
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            fc.string({ unit: 'binary', maxLength: 80 }),
            mutatedLine,
            anyDateLine,
            usageEvent.map(formatCdr),
          ),
          (line) => {
            const parsed = parseCdr(line);
            if (!parsed.ok) {
              expect(parsed.error.length).toBeGreaterThan(0);
              return;
            }
            const e = parsed.event;
            expect(Number.isSafeInteger(e.seq) && e.seq >= 0, line).toBe(true);
            expect(Number.isSafeInteger(e.quantity) && e.quantity >= 0, line).toBe(true);
            expect(e.correlationId.length * e.elementId.length, line).toBeGreaterThan(0);
            // The start is a real instant: it reads back as the very timestamp written.
            expect(new Date(e.startedAtMs).toISOString().slice(0, 19), line).toBe(e.startedAt.slice(0, 19));
            const again = parseCdr(formatCdr(e));
            expect(again.ok && again.event.startedAtMs, line).toBe(e.startedAtMs);
          },
        ),
        { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('fuzz (#16): alarm ingest', () => {
  let store: SqliteStore;
  let starts: RecordedStart[];
  let client: ReturnType<typeof stubClient>['client'];

  beforeAll(() => {
    store = createSqliteStore({ filename: ':memory:', installedBase: true });
    ({ client, starts } = stubClient());
  });
  afterAll(() => store.close());

  it(
    `${FUZZ_RUNS} submissions: stored whole and handed over, or refused whole with a TMF 400 naming the field, nothing stored; never a crash`,
    async () => {
      const event = fc.oneof(
        { arbitrary: arbitraryOf(AlarmEventInput, { breakRate: 0.02 }), weight: 4 },
        { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
      );
      const crashes: string[] = [];
      await fc.assert(
        fc.asyncProperty(fc.array(event, { maxLength: 4 }), async (events) => {
          const before = { writes: writesOf(store), starts: starts.length };
          const valid = events.every((e) => AlarmEventInput.safeParse(e).success);
          const outcome = await ingestAlarms(
            { client, alarms: store.ports.alarms, request: { timings: {} }, batchSize: 2 },
            events as AlarmEvent[],
          ).then(
            (batches) => ({ batches }),
            (error: unknown) => ({ error }),
          );
          if ('error' in outcome) {
            if (!(outcome.error instanceof TmfRequestError)) crashes.push(describeCrash(outcome.error));
            expect(outcome.error, JSON.stringify(events).slice(0, 300)).toBeInstanceOf(TmfRequestError);
            expect(valid).toBe(false);
            expect((outcome.error as TmfRequestError).body.status).toBe('400');
            expect(writesOf(store)).toBe(before.writes);
            expect(starts.length).toBe(before.starts);
            return;
          }
          expect(valid).toBe(true);
          expect(outcome.batches.reduce((n, b) => n + b.count, 0)).toBe(events.length);
          expect(starts.length - before.starts).toBe(outcome.batches.length);
        }),
        { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
      );
      expect(crashes).toEqual([]);
    },
    FUZZ_TIMEOUT,
  );
});
