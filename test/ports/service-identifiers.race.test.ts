import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migrate, openPool } from '../../src/adapters/postgres/database';
import { usePostgresDatabases } from '../support/postgres';

/**
 * Workers on several hosts share the number pools (1.F.2.2.2): four processes, each with its own
 * pool, reserve two numbers for each of five services at the same moment from a pool of 30 — 40
 * asked for. The database alone (the service's row lock, SKIP LOCKED, one holder per identifier)
 * keeps any number from going to two services, and every service gets both or none.
 */

const run = promisify(execFile);
const databases = usePostgresDatabases('identifiers_race');
const AT = '2026-03-02T09:00:00.000Z';
const PROCESSES = ['a', 'b', 'c', 'd'];
const SERVICES = 5;

describe('the PostgreSQL service identifiers across processes (#14)', () => {
  it('gives the 30 numbers to 15 of 20 services raced from 4 processes, two each, none shared', async () => {
    const url = databases.database();
    const pool = openPool(url);
    await migrate(pool);
    await pool.query(
      `INSERT INTO customers (id, name, segment, region, email, status, created_at)
       VALUES ('CUST-RACE', 'race', 'business', 'PAR', 'race@example.test', 'active', $1)`,
      [AT],
    );
    await pool.query("INSERT INTO cfs_specs (id, name, service_type) VALUES ('CFS-VOICE-LINE', 'voice', 'voice')");
    await pool.query(
      "INSERT INTO resource_specs (id, name, resource_type) VALUES ('RS-TEL-NUMBER', 'number', 'telephone-number')",
    );
    for (let i = 0; i < 30; i++) {
      const n = `3317000${String(i).padStart(4, '0')}`;
      await pool.query(
        `INSERT INTO resources (id, spec_id, resource_type, name, region, updated_at)
         VALUES ($1, 'RS-TEL-NUMBER', 'telephone-number', $2, 'PAR', $3)`,
        [`TN-${n}`, `+${n}`, AT],
      );
    }
    for (const name of PROCESSES)
      for (let i = 0; i < SERVICES; i++) {
        await pool.query(
          `INSERT INTO service_orders (id, product_order_id, item_id, customer_id, cfs_spec_id, region, action, state, created_at, updated_at)
           VALUES ($1, 'ORD-RACE', '1', 'CUST-RACE', 'CFS-VOICE-LINE', 'PAR', 'add', 'inProgress', $2, $2)`,
          [`SO-${name}-${i}`, AT],
        );
        await pool.query(
          `INSERT INTO services (id, cfs_spec_id, customer_id, region, state, characteristics, service_order_id, design, created_at, updated_at)
           VALUES ($1, 'CFS-VOICE-LINE', 'CUST-RACE', 'PAR', 'designed', '{}', $2, '{}', $3, $3)`,
          [`SVC-${name}-${i}`, `SO-${name}-${i}`, AT],
        );
      }

    const script = path.join(__dirname, 'race-identifiers.ts');
    const outputs = await Promise.all(
      PROCESSES.map((name) =>
        run(process.execPath, ['--require', 'tsx/cjs', script, url, name, String(SERVICES), '2'], {
          timeout: 120_000,
        }),
      ),
    );
    const results = outputs.map((o) => JSON.parse(o.stdout) as { won: string[][]; refused: number });
    const won = results.flatMap((r) => r.won);
    const numbers = won.flat();
    // 40 numbers asked of 30: some services are refused, none gets one number, none shares one.
    expect(won.every((w) => w.length === 2)).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
    // Contention is retried, never refused: refusals come only once the pool is really short.
    expect(won.length).toBe(15);
    expect(won.length + results.reduce((n, r) => n + r.refused, 0)).toBe(PROCESSES.length * SERVICES);

    // The store agrees: each reserved number held by the one service that won it, nothing left by a refusal.
    const { rows } = await pool.query<{ id: string; service_id: string; holder: string | null; holders: string }>(
      `SELECT r.id, r.service_id, min(p.service_id) AS holder, count(p.seq) AS holders FROM resources r
       LEFT JOIN service_parameters p ON p.resource_id = r.id AND p.released_at IS NULL
       WHERE r.state = 'reserved' GROUP BY r.id, r.service_id`,
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...numbers].sort());
    expect(rows.every((r) => Number(r.holders) === 1 && r.holder === r.service_id)).toBe(true);
    const { rows: strays } = await pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM service_parameters p JOIN resources r ON r.id = p.resource_id WHERE r.state <> 'reserved'",
    );
    expect(Number(strays[0]!.n)).toBe(0);
    await pool.end();
  }, 180_000);
});
