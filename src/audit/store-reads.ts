/**
 * What the audit's store checks read through, whichever database holds the store: a narrow
 * read-only seam, so each check's SQL is written once and means the same on SQLite and on
 * PostgreSQL. The SQL given is the dialect both share; where they differ (a JSON field) the
 * store writes it. Numbers may come back as text (PostgreSQL's COUNT and SUM): read them with
 * `Number`.
 */
export type AuditRow = Record<string, unknown>;

export interface AuditReads {
  /** The rows of one SELECT, without parameters: the checks' SQL holds only their own literals. */
  rows(sql: string): Promise<AuditRow[]>;
  /** SQL for the text of `field` in the JSON column `column`. */
  jsonText(column: string, field: string): string;
}
