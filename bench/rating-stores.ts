import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openPool } from '../src/adapters/postgres/database';
import { createPostgresUsage } from '../src/adapters/postgres/usage';
import { createSqliteStore } from '../src/adapters/sqlite';
import { startPostgres } from '../src/cluster/postgres';

/**
 * `rating-stores [--records N]` (#14): the usage port's bulk rating (1.B.2.5.2) of N guided
 * records, one collection over 100 voice services, on the embedded SQLite store (a file) and on
 * a throwaway PostgreSQL server of this machine — the same records, the same port call, the
 * stores' own chunked passes. Both must give the same total charge; the figure is each store's
 * time and records per second, PostgreSQL's against SQLite's.
 */

const clock = () => new Date('2026-07-01T06:00:00.000Z');

/** N guided records: the day, hour and duration cycle with the record number, so both stores hold the same. */
const seed = (from: string, two: (n: string) => string, processed: string) =>
  `INSERT INTO usage_records (collection_id, element_id, element_seq, raw, state, processed, usage_type, correlation_id,
     started_at, quantity, party, service_id, customer_id, product_offering_id, tariff_id, updated_at)
   SELECT 'COL-1', 'NE-' || (n % 100), n, 'cdr', 'guided', ${processed}, 'voice', 'C-' || n,
     '2026-06-' || ${two('(n % 28) + 1')} || 'T' || ${two('n % 24')} || ':00:00Z', 60 + (n % 600), '+33600000000',
     'SVC-' || (n % 100), 'CUST-1', 'PO-VOICE-LINE', 'TAR-VOICE-LINE', '2026-07-01T06:00:00.000Z' ${from}`;

export async function runRatingStoresBench(opts: Record<string, string | undefined>): Promise<void> {
  const n = Number(opts['records'] ?? 1_000_000);
  if (!Number.isInteger(n) || n < 1) throw new Error('--records must be a positive whole number');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-bench-rating-'));
  fs.chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user
  try {
    const store = createSqliteStore({ filename: path.join(dir, 'store.db'), seed: false, clock });
    store.db
      .prepare("INSERT INTO usage_collections (id, period_start, period_end, created_at) VALUES ('COL-1', '', '', '')")
      .run();
    store.db.exec(
      seed(
        `FROM (WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${n}) SELECT n FROM s)`,
        (x) => `printf('%02d', ${x})`,
        '1',
      ),
    );
    let t = performance.now();
    const sqlite = await store.ports.usage.rate('bench', { collectionId: 'COL-1', cycleId: 'CYC' });
    const sqliteSeconds = (performance.now() - t) / 1000;
    store.close();

    const pg = await startPostgres({ dataDir: path.join(dir, 'pg'), throwaway: true });
    try {
      pg.ensureDatabase('bench');
      const pool = openPool(pg.url('bench'));
      await migrate(pool);
      await pool.query(
        "INSERT INTO usage_collections (id, period_start, period_end, created_at) VALUES ('COL-1', '', '', now())",
      );
      await pool.query(seed(`FROM generate_series(1, ${n}) n`, (x) => `lpad((${x})::text, 2, '0')`, 'true'));
      await pool.query('ANALYZE usage_records');
      t = performance.now();
      const postgres = await createPostgresUsage(pool, clock).rate('bench', { collectionId: 'COL-1', cycleId: 'CYC' });
      const postgresSeconds = (performance.now() - t) / 1000;
      await pool.end();
      if (postgres.chargeMinor !== sqlite.chargeMinor || postgres.rated !== sqlite.rated)
        throw new Error(`the stores rated differently: ${JSON.stringify({ sqlite, postgres })}`);
      const rate = (s: number) => Math.round(n / s);
      console.log(`SQLite     ${sqliteSeconds.toFixed(1)} s, ${rate(sqliteSeconds)} records/s`);
      console.log(`PostgreSQL ${postgresSeconds.toFixed(1)} s, ${rate(postgresSeconds)} records/s`);
      console.log(
        JSON.stringify({
          scenario: 'rating-stores',
          records: n,
          chargeMinor: sqlite.chargeMinor,
          sqlite: { seconds: sqliteSeconds, perSecond: rate(sqliteSeconds) },
          postgres: { seconds: postgresSeconds, perSecond: rate(postgresSeconds) },
          ratio: sqliteSeconds / postgresSeconds,
          rssBytes: process.memoryUsage().rss,
        }),
      );
    } finally {
      pg.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
