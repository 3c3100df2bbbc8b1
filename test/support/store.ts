import type Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { type CreateSqliteStoreOptions, createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite';

/** SQL reads a test makes to check what a process wrote. */
export interface StoreReads {
  /** The first row, or undefined. */
  one(sql: string, ...args: unknown[]): Record<string, unknown>;
  rows(sql: string, ...args: unknown[]): Array<Record<string, unknown>>;
  /** The first column of the first row, as a number (a `SELECT COUNT(*)`). */
  count(sql: string, ...args: unknown[]): number;
  /** The first column of the first row, whatever its type (a state, a flag, a text). */
  value(sql: string, ...args: unknown[]): unknown;
}

/** Reads against a database got anew on each call, so they follow a store a test re-creates. */
export function readsOf(db: () => Database.Database): StoreReads {
  return {
    one: (sql, ...args) =>
      db()
        .prepare(sql)
        .get(...args) as Record<string, unknown>,
    rows: (sql, ...args) =>
      db()
        .prepare(sql)
        .all(...args) as Array<Record<string, unknown>>,
    count: (sql, ...args) =>
      db()
        .prepare(sql)
        .pluck()
        .get(...args) as number,
    value: (sql, ...args) =>
      db()
        .prepare(sql)
        .pluck()
        .get(...args),
  };
}

/** A test's store and the clock it runs on; `clock.now` is the store's time, for the test to move. */
export interface TestStore extends StoreReads {
  readonly store: SqliteStore;
  readonly clock: { now: Date };
  /** A statement the test runs itself to arrange what the process will find (an insert, an update). */
  run(sql: string, ...args: unknown[]): Database.RunResult;
}

/**
 * A fresh in-memory store (seeded with the sample operator, as `createSqliteStore` makes it) for
 * each test of the file, closed after it, on a clock that starts at `start` and moves only when
 * the test moves it, with `options` such as `{ installedBase: true }`. Call at the top of a file
 * or a `describe`.
 */
export function useTestStore(
  start = '2026-03-02T09:00:00.000Z',
  options: Omit<CreateSqliteStoreOptions, 'filename' | 'clock'> = {},
): TestStore {
  let current: SqliteStore | undefined;
  const clock = { now: new Date(start) };
  beforeEach(() => {
    clock.now = new Date(start);
    current = createSqliteStore({ ...options, filename: ':memory:', clock: () => clock.now });
  });
  afterEach(() => current?.close());
  const db = () => {
    if (!current) throw new Error('useTestStore: the store exists only inside a test');
    return current.db;
  };
  return {
    get store() {
      if (!current) throw new Error('useTestStore: the store exists only inside a test');
      return current;
    },
    clock,
    run: (sql, ...args) =>
      db()
        .prepare(sql)
        .run(...args),
    ...readsOf(db),
  };
}

let keys = 0;
/** An activity call's idempotency key: `test/<name>`, or without a name a new one on each call. */
export function key(name?: string): { idempotencyKey: string } {
  return { idempotencyKey: `test/${name ?? ++keys}` };
}
