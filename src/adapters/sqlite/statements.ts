import type Database from 'better-sqlite3';
import type { Db } from './database';

/**
 * An adapter's statements, each prepared the first time its SQL runs and kept for the store's
 * life: preparing one costs about as much as a point read (bench/README.md, the API section).
 */
export function preparedOnce(db: Db): (sql: string) => Database.Statement<unknown[]> {
  const statements = new Map<string, Database.Statement<unknown[]>>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
}
