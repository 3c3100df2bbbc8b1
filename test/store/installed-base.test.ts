import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite';
import { INSTALLED_BASE } from '../../src/adapters/sqlite/installed-base';
import { UNTIL_REPAIRED, injectFault } from '../../src/simulators/network';
import { readsOf } from '../support/store';

// Each test makes its own store: whether the installed base is loaded is what they check.
let store: SqliteStore;
afterEach(() => store?.close());
const { count } = readsOf(() => store.db);

describe('the installed base', () => {
  it('is active services on configured resources, with products to bill and assurance records', async () => {
    store = createSqliteStore({ filename: ':memory:', installedBase: true });
    const services = INSTALLED_BASE.flatMap((s) => s.services).length;
    expect(count("SELECT COUNT(*) FROM services WHERE state = 'active'")).toBe(services);
    expect(count("SELECT COUNT(*) FROM products WHERE status = 'active'")).toBe(INSTALLED_BASE.length);
    // Every network resource of a service is in service for it and configured up.
    expect(
      count(
        `SELECT COUNT(*) FROM network_configuration n JOIN resources r ON r.id = n.resource_id
         WHERE r.state = 'inService' AND r.service_id = n.service_id AND n.admin_state = 'up'`,
      ),
    ).toBe(INSTALLED_BASE.flatMap((s) => s.services.flatMap((v) => v.resources)).length);
    expect((await store.ports.networkActivation.testService('SVC-IB01-1')).passed).toBe(true);
    const svc = await store.ports.serviceInventory.getService('SVC-IB06-1');
    expect(svc?.assurance).toMatchObject({ resourceIds: ['AC-MRS-ALPHA-IB06', 'VLAN-MRS-100'] });
    expect(
      count("SELECT COUNT(*) FROM services WHERE state = 'active' AND customer_id IN ('CUST-1001', 'CUST-2001')"),
    ).toBe(4);
  });

  it('is not loaded unless asked for, nor into a store that already has a history', () => {
    store = createSqliteStore({ filename: ':memory:' });
    expect(count('SELECT COUNT(*) FROM services')).toBe(0);
  });
});

describe('a failed element, until repaired', () => {
  it('fails every test until a repair clears it', async () => {
    store = createSqliteStore({ filename: ':memory:', installedBase: true });
    injectFault(store.db, 'CPE-PAR-1', 'testResource', UNTIL_REPAIRED);
    expect((await store.ports.networkActivation.testService('SVC-IB01-1')).passed).toBe(false);
    expect((await store.ports.networkActivation.testService('SVC-IB01-1')).passed).toBe(false);
    expect((await store.ports.networkActivation.repair('r1', 'CPE-PAR-1', 'router replaced')).passed).toBe(true);
    expect((await store.ports.networkActivation.testService('SVC-IB01-1')).passed).toBe(true);
    expect((await store.ports.networkActivation.configurationOf('CPE-PAR-1'))?.config).toMatchObject({
      lastRepair: { note: 'router replaced' },
    });
  });
});
