import type { Db } from './database';

/** A row as the driver returns it, its columns read with `str` and `strOrNull`. */
export type Row = Record<string, unknown>;
export const str = (v: unknown) => v as string;
export const strOrNull = (v: unknown) => (v ?? null) as string | null;

/** One row of a sales table, by id. */
export const salesRowReader = (db: Db) => (table: string, id: string) =>
  db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row | undefined;
