import type { Db } from './database';

/** Tables other processes create in their own migrations: absent, they hold no data. */
export function hasTable(db: Db, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}
export function hasColumns(db: Db, table: string, ...columns: string[]): boolean {
  if (!hasTable(db, table)) return false;
  const present = new Set(
    (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name),
  );
  return columns.every((c) => present.has(c));
}
