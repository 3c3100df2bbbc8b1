import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store';
import { loadConfig, redactedUrl } from '../../src/config';
import { usePostgresDatabases } from '../support/postgres';

/**
 * #14: ETOM_STORE_URL chooses the store. Read once by the configuration, never printed with its
 * password; a PostgreSQL database is seeded with the sample operator once, even by two processes'
 * stores opening it at the same moment, and the simulated world keeps its own file beside it.
 */
const databases = usePostgresDatabases('store_factory');
const dirs: string[] = [];
const dataDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-store-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('the store ETOM_STORE_URL chooses', () => {
  it('is read by the configuration, a postgres:// URL or nothing, and logged without its password', () => {
    expect(loadConfig({}, '/tmp').storeUrl).toBeUndefined();
    const url = 'postgres://etom:s3cret@db.example:5432/etom';
    expect(loadConfig({ ETOM_STORE_URL: url }, '/tmp').storeUrl).toBe(url);
    expect(() => loadConfig({ ETOM_STORE_URL: 'mysql://etom@db/etom' }, '/tmp')).toThrow(
      /invalid environment: ETOM_STORE_URL: must be a postgres:\/\/ URL/,
    );
    expect(redactedUrl(url)).toBe('postgres://etom:***@db.example:5432/etom');
    expect(redactedUrl(url)).not.toContain('s3cret');
  });

  it('seeds an empty PostgreSQL database once when two stores open it together, and serves the ports from it', async () => {
    const url = databases.database();
    const [a, b] = await Promise.all([
      openStore({ dataDir: dataDir(), storeUrl: url }, { installedBase: true }),
      openStore({ dataDir: dataDir(), storeUrl: url }, { installedBase: true }),
    ]);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const count = async (table: string) =>
        Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
      // The sample operator's 6 customers and the installed base's 2, its 579 resources, once.
      expect(await count('customers')).toBe(8);
      expect(await count('resources')).toBe(579);
      expect(await count('product_offerings')).toBe(3);
      // The ports read it: the installed base's fibre is active, its port configured on the simulated network.
      expect((await b.ports.serviceInventory.getService('SVC-IB01-1'))?.state).toBe('active');
      expect(await a.ports.networkActivation.configurationOf('PORT-PAR-1-1-1')).toMatchObject({
        serviceId: 'SVC-IB01-1',
        adminState: 'up',
      });
      // The simulated world's state is a file of its own; the enterprise's is not in the data dir.
      expect(fs.existsSync(path.join(path.dirname(a.db.name), 'simulators.db'))).toBe(true);
      expect(fs.existsSync(path.join(path.dirname(a.db.name), 'etom.db'))).toBe(false);
      // What the network reports is written through to PostgreSQL, where resource troubles read it.
      await a.ports.networkActivation.setAdminState('store-test/down', 'PORT-PAR-1-1-1', 'down');
      const { rows } = await pool.query<{ admin_state: string }>(
        "SELECT admin_state FROM network_configuration WHERE resource_id = 'PORT-PAR-1-1-1'",
      );
      expect(rows).toEqual([{ admin_state: 'down' }]);
    } finally {
      await pool.end();
      await a.close();
      await b.close();
    }
  });

  it('is the SQLite file in the data dir when ETOM_STORE_URL is unset', async () => {
    const dir = dataDir();
    const store = await openStore({ dataDir: dir });
    try {
      expect(store.db.name).toBe(path.join(dir, 'etom.db'));
      expect(await store.ports.customerManagement.getCustomer('CUST-1001')).toMatchObject({ id: 'CUST-1001' });
    } finally {
      await store.close();
    }
  });
});
