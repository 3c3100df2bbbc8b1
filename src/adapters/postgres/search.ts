import type { DateBound } from '../../ports/search';
import type { Pool, Tx } from './database';

const COMPARE = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * A list read of one table (TMF630 filters), as the SQLite store's `searchIds`: every criterion
 * holds, the values of one are alternatives, dates are compared as instants (a text column is
 * cast); newest first, one page, and how many rows match in all. Columns come from the adapter.
 */
export async function searchIds<F extends string>(
  db: Pool | Tx,
  table: string,
  q: {
    anyOf: Array<[column: string, values: readonly string[] | undefined]>;
    dates: readonly DateBound<F>[] | undefined;
    dateColumns: Record<F, string>;
    offset: number;
    limit: number;
    /** The column "newest first" orders by; ties go to the greater id. */
    newest: string;
  },
): Promise<{ total: number; ids: string[] }> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [column, values] of q.anyOf) {
    if (!values) continue;
    params.push(values);
    clauses.push(`${column} = ANY($${params.length})`);
  }
  for (const d of q.dates ?? []) {
    params.push(d.value);
    clauses.push(`(${q.dateColumns[d.field]})::timestamptz ${COMPARE[d.op]} $${params.length}::timestamptz`);
  }
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const count = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} ${where}`, params);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ${table} ${where} ORDER BY ${q.newest} DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, q.limit, q.offset],
  );
  return { total: Number(count.rows[0]!.n), ids: rows.map((r) => r.id) };
}
