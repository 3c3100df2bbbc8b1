import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export interface OpenStoreOptions {
  /** A file path, or ':memory:' for a private store (tests). */
  filename: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

/**
 * Opens the embedded enterprise store. WAL lets the four layer workers, when they run as
 * separate processes on one machine, read while another writes; the busy timeout makes a
 * concurrent writer wait instead of failing.
 */
export function openDatabase({ filename, migrate = true }: OpenStoreOptions): Db {
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  if (migrate) applyMigrations(db);
  return db;
}

export function applyMigrations(db: Db): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const ran: number[] = [];
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    // A table rebuild drops tables others reference: keys are off for it (the pragma is a no-op
    // inside a transaction) and every reference is checked before the rebuild commits.
    if (m.foreignKeysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.foreignKeysOff && (db.pragma('foreign_key_check') as unknown[]).length > 0)
          throw new Error(`migration ${m.version} ${m.name} leaves broken references`);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          m.version,
          m.name,
          new Date().toISOString(),
        );
      })();
    } finally {
      if (m.foreignKeysOff) db.pragma('foreign_keys = ON');
    }
    ran.push(m.version);
  }
  return ran;
}

/**
 * Runs `change` once per idempotency key: a retried call with the same key gets the first
 * call's result back and writes nothing. The check and the change share one transaction, so
 * a crash between them cannot leave the change without its key.
 */
export function once<T>(db: Db, key: string, operation: string, change: () => T): T {
  return db
    .transaction(() => {
      const row = db.prepare('SELECT operation, result FROM idempotency_keys WHERE key = ?').get(key) as
        { operation: string; result: string } | undefined;
      if (row) {
        if (row.operation !== operation) {
          throw new Error(`idempotency key ${key} was already used for ${row.operation}, not ${operation}`);
        }
        return JSON.parse(row.result) as T;
      }
      const result = change();
      db.prepare('INSERT INTO idempotency_keys (key, operation, result, created_at) VALUES (?, ?, ?, ?)').run(
        key,
        operation,
        JSON.stringify(result ?? null),
        new Date().toISOString(),
      );
      return result;
    })
    .immediate();
}

/** The next readable id for a prefix, e.g. nextId(db, 'CT') → 'CT-000001'. */
export function nextId(db: Db, prefix: string): string {
  const row = db
    .prepare(
      `INSERT INTO sequences (prefix, next_value) VALUES (?, 2)
       ON CONFLICT (prefix) DO UPDATE SET next_value = next_value + 1
       RETURNING next_value - 1 AS value`,
    )
    .get(prefix) as { value: number };
  return `${prefix}-${String(row.value).padStart(6, '0')}`;
}

export const json = {
  parse: <T>(text: string | null): T => (text === null ? (null as T) : (JSON.parse(text) as T)),
  stringify: (value: unknown): string => JSON.stringify(value),
};
