import { openDatabase } from '../sqlite/database';
import { seedInstalledBase } from '../sqlite/installed-base';
import { seedSampleOperator } from '../sqlite/seed';
import { inTransaction, type Pool, type Tx } from './database';

/**
 * Columns PostgreSQL has and SQLite does not, as SQLite expressions over the seed's rows: an
 * order's items keep their place (0-based, as the PostgreSQL adapter numbers them).
 */
const DERIVED: Record<string, Record<string, string>> = {
  product_order_items: { position: 'ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY rowid) - 1' },
};

interface Column {
  name: string;
  /** information_schema's data_type: 'jsonb', 'ARRAY', 'boolean', … */
  type: string;
}

/**
 * Loads the sample operator (and, when asked, its installed base) into an empty PostgreSQL
 * store; false when it already has customers. The rows are the SQLite store's own seed
 * (src/adapters/sqlite/seed.ts, installed-base.ts), built in a throwaway in-memory copy and
 * copied table by table, so the two stores start from the same data and cannot drift apart.
 * Only the tables PostgreSQL has are copied: the simulated outside world's tables (supplier
 * requisitions, faults) stay with the simulators (src/adapters/postgres/simulated-world.ts).
 * Processes starting together take one lock: the operator is loaded once.
 */
export async function seedPostgresSampleOperator(pool: Pool, opts: { installedBase: boolean }): Promise<boolean> {
  const sample = openDatabase({ filename: ':memory:' });
  try {
    seedSampleOperator(sample);
    if (opts.installedBase) seedInstalledBase(sample);
    return await inTransaction(pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['etom-seed-sample-operator']);
      const { rows } = await tx.query<{ n: string }>('SELECT count(*) AS n FROM customers');
      if (Number(rows[0]!.n) > 0) return false;
      const columns = await columnsOf(tx);
      for (const table of await tablesInDependencyOrder(tx)) {
        const cols = columns.get(table);
        const sqliteCols = new Set(
          (sample.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]) ?? [],
        );
        if (!cols || sqliteCols.size === 0) continue; // a table of one store only
        const derived = DERIVED[table] ?? {};
        const shared = cols.filter((c) => sqliteCols.has(c.name) || derived[c.name]);
        const select = shared.map((c) => (derived[c.name] ? `${derived[c.name]} AS "${c.name}"` : `"${c.name}"`));
        const source = sample.prepare(`SELECT ${select.join(', ')} FROM "${table}"`);
        const records = (source.all() as Array<Record<string, unknown>>).map((r) => toPostgres(r, shared));
        if (!records.length) continue;
        const list = shared.map((c) => `"${c.name}"`).join(', ');
        // One statement per table: PostgreSQL checks foreign keys at its end, so a row may name
        // one of the same table inserted after it (a card's redundant mate).
        await tx.query(
          `INSERT INTO "${table}" (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM json_populate_recordset(null::"${table}", $1::json)
           ON CONFLICT DO NOTHING`,
          [JSON.stringify(records)],
        );
      }
      await resetSequences(tx);
      return true;
    });
  } finally {
    sample.close();
  }
}

/** SQLite keeps JSON and lists as text and booleans as 0/1; PostgreSQL's columns want the values. */
function toPostgres(row: Record<string, unknown>, cols: Column[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of cols) {
    const v = row[c.name];
    if (typeof v === 'string' && (c.type === 'jsonb' || c.type === 'json' || c.type === 'ARRAY'))
      out[c.name] = JSON.parse(v);
    else if (c.type === 'boolean' && typeof v === 'number') out[c.name] = v !== 0;
    else out[c.name] = v;
  }
  return out;
}

async function columnsOf(tx: Tx): Promise<Map<string, Column[]>> {
  const { rows } = await tx.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const out = new Map<string, Column[]>();
  for (const r of rows) {
    const list = out.get(r.table_name) ?? [];
    list.push({ name: r.column_name, type: r.data_type });
    out.set(r.table_name, list);
  }
  return out;
}

/** The store's tables, each after the tables its foreign keys name. */
async function tablesInDependencyOrder(tx: Tx): Promise<string[]> {
  const { rows: tables } = await tx.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const { rows: refs } = await tx.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid <> c.confrelid`,
  );
  const parents = new Map<string, string[]>();
  for (const r of refs) parents.set(r.child, [...(parents.get(r.child) ?? []), r.parent]);
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const p of parents.get(t) ?? []) visit(p);
    ordered.push(t);
  };
  for (const t of tables) visit(t.name);
  return ordered;
}

/** Serial columns given explicit values by the copy: their sequences continue after them. */
async function resetSequences(tx: Tx): Promise<void> {
  const { rows } = await tx.query<{ table_name: string; column_name: string; seq: string }>(
    `SELECT table_name, column_name, seq FROM (
       SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
         FROM information_schema.columns WHERE table_schema = current_schema()) s
      WHERE seq IS NOT NULL`,
  );
  for (const r of rows)
    await tx.query(
      `SELECT setval($1, GREATEST((SELECT COALESCE(MAX("${r.column_name}"), 0) FROM "${r.table_name}"), 1),
                     (SELECT COUNT(*) > 0 FROM "${r.table_name}"))`,
      [r.seq],
    );
}
