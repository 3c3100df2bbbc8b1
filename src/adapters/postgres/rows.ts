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
