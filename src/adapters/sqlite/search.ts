import type { DateBound } from '../../ports/search';
import type { Db } from './database';

const COMPARE = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * A list read of one table (TMF630 filters): every criterion holds, the values of one are
 * alternatives, dates are bounded. Columns come from the adapter's own tables, values are
 * bound; newest first, one page, and how many rows match in all.
 */
export function searchIds<F extends string>(
  db: Db,
  table: string,
  q: {
    anyOf: Array<[column: string, values: readonly string[] | undefined]>;
    dates: readonly DateBound<F>[] | undefined;
    dateColumns: Record<F, string>;
    offset: number;
    limit: number;
    /** The column "newest first" orders by, for a table without created_at. */
    newest?: string;
  },
): { total: number; ids: string[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [column, values] of q.anyOf) {
    if (!values) continue;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  }
  // Dates are compared as instants: stored strings may or may not carry milliseconds.
  for (const d of q.dates ?? []) {
    clauses.push(`julianday(${q.dateColumns[d.field]}) ${COMPARE[d.op]} julianday(?)`);
    params.push(d.value);
  }
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const total = db
    .prepare(`SELECT COUNT(*) FROM ${table} ${where}`)
    .pluck()
    .get(...params) as number;
  const ids = db
    .prepare(`SELECT id FROM ${table} ${where} ORDER BY ${q.newest ?? 'created_at'} DESC, rowid DESC LIMIT ? OFFSET ?`)
    .pluck()
    .all(...params, q.limit, q.offset) as string[];
  return { total, ids };
}
