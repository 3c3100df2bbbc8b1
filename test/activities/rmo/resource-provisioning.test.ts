import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AllocateInput, createResourceProvisioningActivities } from '../../../activities/rmo/resource-provisioning';
import { createSqliteStore, type SqliteStore } from '../../../src/adapters/sqlite';
import { injectFault } from '../../../src/simulators/network';

let store: SqliteStore;
let rp: ReturnType<typeof createResourceProvisioningActivities>;

beforeEach(() => {
  store = createSqliteStore({ filename: ':memory:', clock: () => new Date('2026-03-02T09:00:00.000Z') });
  rp = createResourceProvisioningActivities(store.ports);
});
afterEach(() => store.close());

const snapshot = () =>
  store.db.prepare('SELECT id, state, reservation_id, hold_until, service_id, customer_id FROM resources ORDER BY id').all();
const rows = (sql: string, ...a: unknown[]) => store.db.prepare(sql).all(...a) as Array<Record<string, unknown>>;

const fibreNeeds = [{ resourceSpecId: 'RS-ACCESS-PORT' }, { resourceSpecId: 'RS-VLAN' }, { resourceSpecId: 'RS-CPE-ROUTER' }];
const reserve = (id = 'RO-1', region = 'PAR', needs = fibreNeeds) =>
  rp.allocateAndInstallResource({
    action: 'reserve',
    resourceOrderId: id,
    serviceOrderId: 'SO-1',
    serviceId: 'SVC-1',
    customerId: 'CUST-1001',
    region,
    needs,
    holdUntil: '2026-03-04T09:00:00.000Z',
  });

describe('1.F.3.2.1 allocateAndInstallResource', () => {
  it('checks availability without reserving, naming suppliers where we lack a resource', async () => {
    const before = snapshot();
    const out = await rp.allocateAndInstallResource({
      action: 'check',
      region: 'MRS',
      needs: [{ resourceSpecId: 'RS-ACCESS-CIRCUIT' }, { resourceSpecId: 'RS-VLAN' }],
    });
    expect(out.availability?.lines).toEqual([
      { resourceSpecId: 'RS-ACCESS-CIRCUIT', needed: 1, available: 0, supplierContracts: ['SC-ALPHA-MRS-AC', 'SC-BETA-MRS-AC'] },
      { resourceSpecId: 'RS-VLAN', needed: 1, available: 40, supplierContracts: [] },
    ]);
    expect(snapshot()).toEqual(before);
  });

  it('reserves every need with a hold, under the resource order id, and records the order', async () => {
    const out = await reserve();
    expect(out.resources.map((r) => r.resourceSpecId).sort()).toEqual(['RS-ACCESS-PORT', 'RS-CPE-ROUTER', 'RS-VLAN']);
    expect(rows("SELECT DISTINCT state, reservation_id, hold_until, customer_id FROM resources WHERE reservation_id = 'RO-1'")).toEqual([
      { state: 'reserved', reservation_id: 'RO-1', hold_until: '2026-03-04T09:00:00.000Z', customer_id: 'CUST-1001' },
    ]);
    expect(rows("SELECT state FROM resource_orders WHERE id = 'RO-1'")).toEqual([{ state: 'inProgress' }]);
  });

  it('reserves all or nothing: one missing need leaves the inventory untouched', async () => {
    const before = snapshot();
    await expect(reserve('RO-2', 'MRS', [{ resourceSpecId: 'RS-VLAN' }, { resourceSpecId: 'RS-ACCESS-PORT' }])).rejects.toMatchObject({
      type: 'ResourceUnavailable',
      nonRetryable: true,
    });
    expect(snapshot()).toEqual(before);
    expect(rows("SELECT state FROM resource_orders WHERE id = 'RO-2'")).toEqual([{ state: 'failed' }]);
  });

  it('reserves once per idempotency key', async () => {
    const input: AllocateInput = {
      action: 'reserve',
      resourceOrderId: 'RO-3',
      serviceOrderId: 'SO-3',
      serviceId: 'SVC-3',
      customerId: 'CUST-1001',
      region: 'PAR',
      needs: [{ resourceSpecId: 'RS-VLAN' }],
      holdUntil: '2026-03-04T09:00:00.000Z',
    };
    const a = await rp.allocateAndInstallResource(input, { idempotencyKey: 'wf/1' });
    const b = await rp.allocateAndInstallResource(input, { idempotencyKey: 'wf/1' });
    expect(b.resources).toEqual(a.resources);
    expect(rows("SELECT id FROM resources WHERE reservation_id = 'RO-3'")).toHaveLength(1);
  });

  it('releases what an order holds, leaving the inventory exactly as before', async () => {
    const before = snapshot();
    await reserve();
    const out = await rp.allocateAndInstallResource({ action: 'release', resourceOrderId: 'RO-1', reason: 'order cancelled', finalState: 'cancelled' });
    expect(out.released).toHaveLength(3);
    expect(snapshot()).toEqual(before);
    expect(rows("SELECT state, reason FROM resource_orders WHERE id = 'RO-1'")).toEqual([{ state: 'cancelled', reason: 'order cancelled' }]);
  });
});

describe('1.F.3.2.2 configureAndActivateResource', () => {
  it('configures the reserved resources on the network and takes them out of service', async () => {
    await reserve();
    const out = await rp.configureAndActivateResource({ action: 'activate', resourceOrderId: 'RO-1', serviceId: 'SVC-1' });
    expect(out.resources.every((r) => r.state === 'outOfService')).toBe(true);
    expect(rows("SELECT COUNT(*) AS n FROM network_configuration WHERE service_id = 'SVC-1' AND admin_state = 'up'")).toEqual([{ n: 3 }]);
    expect(rows("SELECT COUNT(*) AS n FROM resource_state_history WHERE reservation_id = 'RO-1' AND to_state = 'outOfService'")).toEqual([{ n: 3 }]);
  });

  it('fails the activation when an element refuses its configuration', async () => {
    const { resources } = await reserve();
    injectFault(store.db, resources[0]!.id, 'configure');
    await expect(rp.configureAndActivateResource({ action: 'activate', resourceOrderId: 'RO-1', serviceId: 'SVC-1' })).rejects.toMatchObject({
      type: 'ActivationFailed',
    });
    expect(rows("SELECT DISTINCT state FROM resources WHERE reservation_id = 'RO-1'")).toEqual([{ state: 'reserved' }]);
  });

  it('deactivates: unconfigures and gives everything back', async () => {
    const before = snapshot();
    await reserve();
    await rp.configureAndActivateResource({ action: 'activate', resourceOrderId: 'RO-1', serviceId: 'SVC-1' });
    await rp.configureAndActivateResource({ action: 'deactivate', reservationId: 'RO-1', reason: 'compensation' });
    expect(snapshot()).toEqual(before);
    expect(rows('SELECT COUNT(*) AS n FROM network_configuration')).toEqual([{ n: 0 }]);
  });
});

describe('1.F.3.2.3 testResource', () => {
  it('puts the resources in service when every test passes', async () => {
    await reserve();
    await rp.configureAndActivateResource({ action: 'activate', resourceOrderId: 'RO-1', serviceId: 'SVC-1' });
    const out = await rp.testResource({ resourceOrderId: 'RO-1' });
    expect(out.results.every((r) => r.passed)).toBe(true);
    expect(rows("SELECT DISTINCT state FROM resources WHERE reservation_id = 'RO-1'")).toEqual([{ state: 'inService' }]);
  });

  it('refuses with the failing measurements, changing no state', async () => {
    const { resources } = await reserve();
    await rp.configureAndActivateResource({ action: 'activate', resourceOrderId: 'RO-1', serviceId: 'SVC-1' });
    const port = resources.find((r) => r.resourceType === 'port')!;
    injectFault(store.db, port.id, 'testResource');
    await expect(rp.testResource({ resourceOrderId: 'RO-1' })).rejects.toMatchObject({ type: 'TestFailed', message: expect.stringContaining('loss of light') });
    expect(rows("SELECT DISTINCT state FROM resources WHERE reservation_id = 'RO-1'")).toEqual([{ state: 'outOfService' }]);
  });
});

describe('1.F.3.2.4 collectUpdateAndReportResourceConfigurationData', () => {
  it('completes the order and reports which resources serve the customer, with their configuration', async () => {
    await reserve();
    await rp.configureAndActivateResource({ action: 'activate', resourceOrderId: 'RO-1', serviceId: 'SVC-1' });
    await rp.testResource({ resourceOrderId: 'RO-1' });
    const report = await rp.collectUpdateAndReportResourceConfigurationData({ resourceOrderId: 'RO-1' });
    expect(report).toMatchObject({ state: 'completed', customerId: 'CUST-1001', serviceId: 'SVC-1' });
    expect(report.resources.every((r) => r.adminState === 'up' && r.configuration !== null)).toBe(true);
    expect(await store.ports.inventory.byCustomer('CUST-1001')).toHaveLength(3);
  });

  it('refuses to report an order whose resources are not in service', async () => {
    await reserve();
    await expect(rp.collectUpdateAndReportResourceConfigurationData({ resourceOrderId: 'RO-1' })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
  });
});
