import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite';
import { applyMigrations, nextId, once, openDatabase } from '../../src/adapters/sqlite/database';
import { MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { readsOf } from '../support/store';

describe('the embedded enterprise store', () => {
  it('applies every migration once, and again is a no-op', () => {
    const db = openDatabase({ filename: ':memory:', migrate: false });
    expect(applyMigrations(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(applyMigrations(db)).toEqual([]);
    db.close();
  });

  it('seeds the sample operator once, with every resource state machine starting available', () => {
    const store = createSqliteStore({ filename: ':memory:' });
    const { count } = readsOf(() => store.db);
    expect(count('SELECT COUNT(*) FROM customers')).toBeGreaterThanOrEqual(5);
    expect(count('SELECT COUNT(*) FROM credit_profiles')).toBe(count('SELECT COUNT(*) FROM customers'));
    expect(count("SELECT COUNT(*) FROM resources WHERE state <> 'available'")).toBe(0);
    for (const type of ['port', 'vlan', 'ip-range', 'telephone-number', 'cpe']) {
      expect(count(`SELECT COUNT(*) FROM resources WHERE resource_type = '${type}'`), type).toBeGreaterThan(0);
    }
    // Marseille has no access network of its own: access there comes from a supplier.
    expect(count("SELECT COUNT(*) FROM resources WHERE region = 'MRS' AND resource_type = 'access-circuit'")).toBe(0);
    expect(count("SELECT COUNT(*) FROM supplier_contracts WHERE region = 'MRS'")).toBeGreaterThan(0);
    // Offers decompose into customer-facing services, which need resource specifications.
    expect(
      count(`SELECT COUNT(*) FROM product_offerings o WHERE NOT EXISTS
             (SELECT 1 FROM offering_services s JOIN cfs_resource_specs r ON r.cfs_spec_id = s.cfs_spec_id
              WHERE s.offering_id = o.id)`),
    ).toBe(0);
    // Every card has a redundant mate, as the assurance flows rely on.
    expect(count("SELECT COUNT(*) FROM resources WHERE resource_type = 'card' AND redundant_with IS NULL")).toBe(0);
    store.close();
  });

  it('keeps its data in a file across reopening', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-store-'));
    const file = path.join(dir, 'etom.db');
    const a = createSqliteStore({ filename: file });
    const id = nextId(a.db, 'ZZ');
    a.close();
    const b = createSqliteStore({ filename: file });
    expect(nextId(b.db, 'ZZ')).not.toBe(id);
    expect(b.db.prepare('SELECT COUNT(*) FROM customers').pluck().get()).toBeGreaterThan(0);
    b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs a change once per idempotency key and returns the first result on a retry', () => {
    const store = createSqliteStore({ filename: ':memory:' });
    let runs = 0;
    const change = () => {
      runs++;
      return nextId(store.db, 'IK');
    };
    const first = once(store.db, 'wf/1', 'op', change);
    const retry = once(store.db, 'wf/1', 'op', change);
    expect(retry).toBe(first);
    expect(runs).toBe(1);
    expect(() => once(store.db, 'wf/1', 'another-op', change)).toThrow(/already used/);
    store.close();
  });

  it('rolls a failed change back with its key, so a retry can succeed', () => {
    const store = createSqliteStore({ filename: ':memory:' });
    expect(() =>
      once(store.db, 'wf/2', 'op', () => {
        store.db.prepare("INSERT INTO sequences (prefix, next_value) VALUES ('HALF', 1)").run();
        throw new Error('adapter crashed midway');
      }),
    ).toThrow('adapter crashed midway');
    expect(store.db.prepare("SELECT COUNT(*) FROM sequences WHERE prefix = 'HALF'").pluck().get()).toBe(0);
    expect(once(store.db, 'wf/2', 'op', () => 'ok')).toBe('ok');
    store.close();
  });
});
