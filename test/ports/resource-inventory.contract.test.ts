import { createSqliteStore } from '../../src/adapters/sqlite';
import { usePostgresDatabases } from '../support/postgres';
import { migrate, openPool } from '../../src/adapters/postgres/database';
import { createPostgresResourceInventory } from '../../src/adapters/postgres/resource-inventory';
import {
  type InventorySeed,
  type ResourceInventoryHarness,
  resourceInventoryContract,
} from './resource-inventory.contract';

/** The contract on both adapters. PostgreSQL is a throwaway server of this machine (Debian's). */

const clock = () => new Date('2026-03-02T09:00:00.000Z');

resourceInventoryContract('SQLite', async (): Promise<ResourceInventoryHarness> => {
  const store = createSqliteStore({ filename: ':memory:', seed: false, clock });
  const db = store.db;
  return {
    port: store.ports.resourceInventory,
    async seed(data: InventorySeed) {
      for (const s of data.specs)
        db.prepare('INSERT INTO resource_specs (id, name, resource_type) VALUES (?, ?, ?)').run(s.id, s.id, s.type);
      for (const r of data.resources)
        db.prepare(
          `INSERT INTO resources (id, spec_id, resource_type, name, region, attributes, updated_at)
           SELECT ?, id, resource_type, ?, ?, ?, ? FROM resource_specs WHERE id = ?`,
        ).run(r.id, r.id, r.region, JSON.stringify(r.attributes ?? {}), clock().toISOString(), r.specId);
      db.prepare("INSERT INTO suppliers (id, name, email) VALUES ('SUP-X', 'X', 'x@example.net')").run();
      for (const c of data.contracts ?? [])
        db.prepare(
          `INSERT INTO supplier_contracts (id, supplier_id, resource_spec_id, region, price_minor, lead_time_days, availability_sla_pct, valid_until)
           VALUES (?, 'SUP-X', ?, ?, 1000, 10, 99.9, ?)`,
        ).run(c.id, c.specId, c.region, c.validUntil);
    },
    async stored() {
      const rows = db.prepare('SELECT id, state, reservation_id FROM resources').all() as Array<{
        id: string;
        state: string;
        reservation_id: string | null;
      }>;
      return Object.fromEntries(rows.map((r) => [r.id, { state: r.state, reservationId: r.reservation_id }]));
    },
    async historyRows() {
      return db.prepare('SELECT count(*) FROM resource_state_history').pluck().get() as number;
    },
    async close() {
      store.close();
    },
  };
});

const databases = usePostgresDatabases('contract');

resourceInventoryContract('PostgreSQL', async (): Promise<ResourceInventoryHarness> => {
  // A database per test: the suite's tests never see each other's rows.
  const pool = openPool(databases.database());
  await migrate(pool);
  return {
    port: createPostgresResourceInventory(pool, clock),
    async seed(data: InventorySeed) {
      for (const s of data.specs)
        await pool.query('INSERT INTO resource_specs (id, name, resource_type) VALUES ($1, $1, $2)', [s.id, s.type]);
      for (const r of data.resources)
        await pool.query(
          `INSERT INTO resources (id, spec_id, resource_type, name, region, attributes, updated_at)
           SELECT $1, id, resource_type, $1, $2, $3, $4 FROM resource_specs WHERE id = $5`,
          [r.id, r.region, JSON.stringify(r.attributes ?? {}), clock().toISOString(), r.specId],
        );
      await pool.query("INSERT INTO suppliers (id, name, email) VALUES ('SUP-X', 'X', 'x@example.net')");
      for (const c of data.contracts ?? [])
        await pool.query(
          `INSERT INTO supplier_contracts (id, supplier_id, resource_spec_id, region, price_minor, lead_time_days, availability_sla_pct, valid_until)
           VALUES ($1, 'SUP-X', $2, $3, 1000, 10, 99.9, $4)`,
          [c.id, c.specId, c.region, c.validUntil],
        );
    },
    async stored() {
      const { rows } = await pool.query<{ id: string; state: string; reservation_id: string | null }>(
        'SELECT id, state, reservation_id FROM resources',
      );
      return Object.fromEntries(rows.map((r) => [r.id, { state: r.state, reservationId: r.reservation_id }]));
    },
    async historyRows() {
      return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM resource_state_history')).rows[0]!.n);
    },
    async close() {
      await pool.end();
    },
  };
});
