import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite';
import { applyMigrations } from '../../src/adapters/sqlite/database';
import { FIBRE_TIERS } from '../../src/adapters/sqlite/seed';

/**
 * Migration 032 gives a store seeded before #12's speed-tiered prices the fibre's tiers the seed
 * now gives; an offering whose price was edited since is left without tiers.
 */
describe('migration 032-recurring-tiers', () => {
  const tiers = (db: ReturnType<typeof createSqliteStore>['db']) =>
    JSON.parse(
      db.prepare("SELECT recurring_tiers FROM product_offerings WHERE id = 'PO-FIBRE-BIZ'").pluck().get() as string,
    );
  /** The store as it was before 032: no tiers column, 032 not applied. */
  const asBefore = (db: ReturnType<typeof createSqliteStore>['db']) => {
    db.prepare('ALTER TABLE product_offerings DROP COLUMN recurring_tiers').run();
    db.prepare('DELETE FROM schema_migrations WHERE version = 32').run();
  };

  it('gives the fibre as seeded before its tiers, and only it', () => {
    const { db } = createSqliteStore({ filename: ':memory:' });
    expect(tiers(db)).toEqual(FIBRE_TIERS);

    asBefore(db);
    expect(applyMigrations(db)).toEqual([32]);
    expect(tiers(db)).toEqual(FIBRE_TIERS);
    expect(db.prepare("SELECT recurring_tiers FROM product_offerings WHERE id = 'PO-VOICE-LINE'").pluck().get()).toBe(
      '[]',
    );

    asBefore(db);
    db.prepare("UPDATE product_offerings SET recurring_minor = 14900 WHERE id = 'PO-FIBRE-BIZ'").run();
    expect(applyMigrations(db)).toEqual([32]);
    expect(tiers(db)).toEqual([]);
  });
});
