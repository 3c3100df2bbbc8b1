import type { AuditReads } from '../../audit/store-reads';
import type { Pool } from './database';

/** The audit's reads (src/audit/store-reads.ts) on the PostgreSQL store. */
export const postgresAuditReads = (pool: Pool): AuditReads => ({
  rows: async (sql) => (await pool.query<Record<string, unknown>>(sql)).rows,
  jsonText: (column, field) => `(${column} ->> '${field}')`,
});
