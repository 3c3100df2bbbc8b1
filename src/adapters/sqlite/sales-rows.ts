import { type Db, nextId, once } from './database';

/** A row as the driver returns it, its columns read with `str` and `strOrNull`. */
export type Row = Record<string, unknown>;
export const str = (v: unknown) => v as string;
export const strOrNull = (v: unknown) => (v ?? null) as string | null;

/** One row of a sales table, by id. */
export const salesRowReader = (db: Db) => (table: string, id: string) =>
  db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row | undefined;

/**
 * Inserts a row into a sales table under the next id of `prefix`, once per idempotency key (a
 * retry gets the id of the first call); `values` names the row's other columns. Returns the id.
 */
export const salesRowInserter =
  (db: Db) => (key: string, operation: string, table: string, prefix: string, values: Row) =>
    once(db, key, operation, () => {
      const id = nextId(db, prefix);
      const columns = Object.keys(values);
      db.prepare(
        `INSERT INTO ${table} (id, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`,
      ).run(id, ...Object.values(values));
      return id;
    });
