import type { Figures } from '../../domain/readiness/report';
import type { Trend, TrendName } from '../../ports/operational-trends';
import type { Pool } from './database';

/**
 * What the PostgreSQL operational trends (operational-trends.ts and its -assurance / -partners
 * parts) share: the query, the SQL for durations, and rows turned into trend rows as the SQLite
 * adapter (src/adapters/sqlite/operational-trends.ts) turns them.
 */

export type Row = Record<string, unknown>;

/** Runs one query and gives its rows. */
export type Query = (sql: string, ...params: unknown[]) => Promise<Row[]>;

/** A set of trends, each computed from the window's start. */
export type Trends<N extends TrendName = TrendName> = Record<N, (since: string) => Promise<Trend>>;

export const queryOf =
  (pool: Pool): Query =>
  async (sql, ...params) =>
    (await pool.query<Row>(sql, params)).rows;

/** Hours between two instants, as a number (SQLite's julianday difference × 24). */
export const hours = (from: string, to: string) => `(EXTRACT(EPOCH FROM (${to} - ${from})) / 3600.0)`;

/** The minutes of outage `o` within the window from $1 (the part before it left out). */
export const minutesSince = (o: string) =>
  `(EXTRACT(EPOCH FROM (${o}.restored_at - GREATEST(${o}.started_at, $1::timestamptz))) / 60.0)`;

/** Rows → trend rows: the group column is the label, every other column a figure (none → 0). */
export const grouped = (rows: Row[], prefix: string): Trend['rows'] =>
  rows.map((r) => {
    const figures: Figures = {};
    // count() and avg() arrive as text (BIGINT, NUMERIC), tests as booleans: figures are numbers.
    for (const [k, v] of Object.entries(r)) if (k !== 'grp') figures[k] = v === null ? 0 : Number(v);
    return { group: `${prefix}${String(r['grp'])}`, figures };
  });
