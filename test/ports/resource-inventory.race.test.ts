import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migrate, openPool } from '../../src/adapters/postgres/database';
import { usePostgresDatabases } from '../support/postgres';

/**
 * Workers on several hosts share one inventory: four processes, each with its own pool,
 * reserve at the same moment from a pool of 25 ports. The database alone (row locks, SKIP
 * LOCKED, one row per idempotency key) keeps any port from going to two reservations.
 */

const run = promisify(execFile);
const databases = usePostgresDatabases('race');

describe('the PostgreSQL resource inventory across processes (#14)', () => {
  it('gives each of 25 ports to exactly one of 40 reservations raced from 4 processes', async () => {
    const url = databases.database();
    const pool = openPool(url);
    await migrate(pool);
    await pool.query("INSERT INTO resource_specs (id, name, resource_type) VALUES ('RS-PORT', 'port', 'port')");
    for (let i = 1; i <= 25; i++)
      await pool.query(
        "INSERT INTO resources (id, spec_id, resource_type, name, region, updated_at) VALUES ($1, 'RS-PORT', 'port', $1, 'PAR', now())",
        [`P-${String(i).padStart(2, '0')}`],
      );

    const script = path.join(__dirname, 'race-reserver.ts');
    const outputs = await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) =>
        run(process.execPath, ['--require', 'tsx/cjs', script, url, name, '10'], { timeout: 120_000 }),
      ),
    );
    const results = outputs.map((o) => JSON.parse(o.stdout) as { won: string[]; refused: number });
    const won = results.flatMap((r) => r.won);
    expect(won).toHaveLength(25);
    expect(new Set(won).size).toBe(25);
    expect(results.reduce((n, r) => n + r.refused, 0)).toBe(15);

    // The store agrees: every port reserved once, by one reservation, with one history row each.
    const { rows } = await pool.query<{ id: string; reservation_id: string; moves: string }>(
      `SELECT r.id, r.reservation_id, count(h.seq) AS moves FROM resources r
       LEFT JOIN resource_state_history h ON h.resource_id = r.id GROUP BY r.id, r.reservation_id`,
    );
    expect(rows).toHaveLength(25);
    expect(rows.every((r) => r.reservation_id !== null && Number(r.moves) === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.reservation_id)).size).toBe(25);
    await pool.end();
  }, 180_000);
});
