import pg from 'pg';
import { MIGRATIONS } from './migrations';

/**
 * The enterprise store on a PostgreSQL server (`ETOM_STORE_URL=postgres://…`): a pool shared by
 * the adapters of one process, and the two guarantees every adapter relies on, enforced by the
 * database rather than by a process's memory, so they hold across processes and hosts:
 * one write per idempotency key (`once`), and readable ids without gaps in meaning (`nextId`).
 */
export type Pool = pg.Pool;
export type Tx = pg.PoolClient;

export function openPool(url: string, max = 10): Pool {
  // Sessions in UTC, so a date without a zone (a requested completion date) is the same instant
  // for every worker's host, as the SQLite store reads it.
  const pool = new pg.Pool({ connectionString: url, max, options: '-c TimeZone=UTC' });
  // An idle client's error (the server restarted) must not crash the worker: the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** BEGIN … COMMIT around `body`, ROLLBACK on any error: all or nothing. */
export async function inTransaction<T>(pool: Pool, body: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const result = await body(tx);
    await tx.query('COMMIT');
    return result;
  } catch (err) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    tx.release();
  }
}

/**
 * Runs `change` once per key, in one transaction with the key's row. A second caller with the
 * same key, even in another process at the same moment, waits on the key's unique index until
 * the first commits, then gets the stored result; if the first rolled back, the second runs.
 */
export async function once<T>(pool: Pool, key: string, operation: string, change: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO idempotency_keys (key, operation, result, created_at) VALUES ($1, $2, 'null', now())
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [key, operation],
    );
    if (claimed.rowCount === 0) {
      const { rows } = await tx.query<{ operation: string; result: unknown }>(
        'SELECT operation, result FROM idempotency_keys WHERE key = $1',
        [key],
      );
      const row = rows[0]!;
      if (row.operation !== operation)
        throw new Error(`idempotency key ${key} was already used for ${row.operation}, not ${operation}`);
      return row.result as T;
    }
    const result = await change(tx);
    await tx.query('UPDATE idempotency_keys SET result = $2 WHERE key = $1', [key, JSON.stringify(result ?? null)]);
    return result;
  });
}

/** The next readable id for a prefix, e.g. nextId(tx, 'SUPRES') → 'SUPRES-000001'; the row lock serialises callers. */
export async function nextId(tx: Tx, prefix: string): Promise<string> {
  const { rows } = await tx.query<{ value: string }>(
    `INSERT INTO sequences (prefix, next_value) VALUES ($1, 2)
     ON CONFLICT (prefix) DO UPDATE SET next_value = sequences.next_value + 1
     RETURNING next_value - 1 AS value`,
    [prefix],
  );
  return `${prefix}-${String(rows[0]!.value).padStart(6, '0')}`;
}

/**
 * Brings the schema to the latest version. Processes starting together (a worker per layer)
 * take one advisory lock, so each migration runs once, in its own transaction.
 */
export async function migrate(pool: Pool): Promise<number[]> {
  const applied: number[] = [];
  const tx = await pool.connect();
  try {
    await tx.query('SELECT pg_advisory_lock(hashtext($1))', ['etom-migrations']);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
    );
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await tx.query('BEGIN');
      try {
        await tx.query(m.sql);
        await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
          m.version,
          m.name,
        ]);
        await tx.query('COMMIT');
      } catch (err) {
        await tx.query('ROLLBACK');
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
      }
      applied.push(m.version);
    }
  } finally {
    await tx.query('SELECT pg_advisory_unlock(hashtext($1))', ['etom-migrations']).catch(() => undefined);
    tx.release();
  }
  return applied;
}
