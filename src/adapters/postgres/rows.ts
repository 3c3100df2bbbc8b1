import { BusinessErrorType, reject } from '../../contracts/errors';

/** A pool or a transaction's client: what a read or a change is run on. */
interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: object[] }>;
}

/**
 * A PostgreSQL row in the SQLite store's shape, so that one mapper (the SQLite adapter's
 * `toAlarm`, `toOrder`…) reads the rows of both stores: instants as ISO strings, jsonb as its
 * JSON text, booleans as 1 or 0, and the BIGINT columns named as numbers (pg gives them as text because a BIGINT may
 * pass 2^53; the counts and minor units stored here do not).
 */
export function sqliteShaped<T>(row: object, bigints: readonly string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (value instanceof Date) out[column] = value.toISOString();
    else if (value !== null && typeof value === 'object') out[column] = JSON.stringify(value);
    else if (typeof value === 'boolean') out[column] = value ? 1 : 0;
    else if (value !== null && bigints.includes(column)) out[column] = Number(value);
    else out[column] = value;
  }
  return out as T;
}

/**
 * Sets the columns given on one row by id; a column whose value is `undefined` is not part of the
 * change (a port's partial update), `null` clears it. Column names come from the adapter.
 */
export async function updateColumns(
  tx: Queryable,
  table: string,
  id: string,
  columns: Record<string, unknown>,
): Promise<void> {
  const given = Object.entries(columns).filter(([, value]) => value !== undefined);
  if (given.length === 0) return;
  await tx.query(
    `UPDATE ${table} SET ${given.map(([column], i) => `${column} = $${i + 1}`).join(', ')} WHERE id = $${given.length + 1}`,
    [...given.map(([, value]) => value), id],
  );
}

/** Many rows in the SQLite store's shape. */
export const shapedRows = <T>(rows: readonly object[]): T[] => rows.map((r) => sqliteShaped<T>(r));

/**
 * One row of `table` by id in the SQLite store's shape (`lock`: FOR UPDATE, held until the
 * transaction ends), and the same for a row that must exist: NotFound names it as `what`.
 */
export function rowById<T>(table: string, what: string) {
  const row = async (db: Queryable, id: string, lock = false): Promise<T | undefined> => {
    const { rows } = await db.query(`SELECT * FROM ${table} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] && sqliteShaped<T>(rows[0]);
  };
  const must = async (db: Queryable, id: string, lock = false): Promise<T> =>
    (await row(db, id, lock)) ?? reject(BusinessErrorType.NotFound, `no ${what} ${id}`);
  return { row, must };
}
