import type { AuditReads } from '../../audit/store-reads';
import type { Db } from './database';

/** The audit's reads (src/audit/store-reads.ts) on the SQLite store. */
export const sqliteAuditReads = (db: Db): AuditReads => ({
  rows: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
  jsonText: (column, field) => `json_extract(${column}, '$.${field}')`,
});
