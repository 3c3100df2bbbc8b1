import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite';
import { applyMigrations } from '../../src/adapters/sqlite/database';

/**
 * Migration 031 gives a store seeded before #12's extra static range the CFS-STATIC-IP
 * parameter `ipv4Ranges` the seed now names; a catalog edited since is left as it is.
 */
describe('migration 031-static-ip-ranges', () => {
  const parameters = (db: ReturnType<typeof createSqliteStore>['db']) =>
    JSON.parse(db.prepare("SELECT parameters FROM cfs_specs WHERE id = 'CFS-STATIC-IP'").pluck().get() as string);

  it('adds ipv4Ranges to the spec as seeded before, and only to it', () => {
    const { db } = createSqliteStore({ filename: ':memory:' });
    expect(parameters(db)).toEqual(['prefixLength', 'ipv4Ranges']);

    db.prepare(`UPDATE cfs_specs SET parameters = '["prefixLength"]' WHERE id = 'CFS-STATIC-IP'`).run();
    db.prepare('DELETE FROM schema_migrations WHERE version = 31').run();
    expect(applyMigrations(db)).toEqual([31]);
    expect(parameters(db)).toEqual(['prefixLength', 'ipv4Ranges']);

    db.prepare(`UPDATE cfs_specs SET parameters = '["prefixLength","vrf"]' WHERE id = 'CFS-STATIC-IP'`).run();
    db.prepare('DELETE FROM schema_migrations WHERE version = 31').run();
    expect(applyMigrations(db)).toEqual([31]);
    expect(parameters(db)).toEqual(['prefixLength', 'vrf']);
  });
});
