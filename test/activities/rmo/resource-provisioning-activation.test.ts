import { describe, expect, it } from 'vitest';
import { injectFault } from '../../../src/simulators/network';
import { useResourceProvisioning } from './resource-provisioning-support';

/**
 * RM&O brings reserved resources into service: configures and activates them (1.F.3.2.2), tests
 * them (1.F.3.2.3) and reports their configuration (1.F.3.2.4).
 */

const { t, rp, inventory, reserve, activate, provision } = useResourceProvisioning();
const { rows, count } = t;

describe('1.F.3.2.2 configureAndActivateResource', () => {
  it('configures the reserved resources on the network, brings them up and takes them out of service', async () => {
    await reserve();
    const out = await activate();
    expect(out.resources.map((r) => [r.id, r.state])).toEqual([
      ['CPE-PAR-1', 'outOfService'],
      ['PORT-PAR-1-1-1', 'outOfService'],
      ['VLAN-PAR-100', 'outOfService'],
    ]);
    expect(
      rows(
        "SELECT resource_id, admin_state FROM network_configuration WHERE service_id = 'SVC-RO-1' ORDER BY resource_id",
      ),
    ).toEqual([
      { resource_id: 'CPE-PAR-1', admin_state: 'up' },
      { resource_id: 'PORT-PAR-1-1-1', admin_state: 'up' },
      { resource_id: 'VLAN-PAR-100', admin_state: 'up' },
    ]);
    // The hold is over once the resources are committed to the service.
    expect(count("SELECT COUNT(*) FROM resources WHERE reservation_id = 'RO-1' AND hold_until IS NOT NULL")).toBe(0);
    expect(rows("SELECT state FROM resource_orders WHERE id = 'RO-1'")).toEqual([{ state: 'inProgress' }]);
  });

  it('configures once per idempotency key', async () => {
    await reserve();
    const a = await activate('RO-1', 'wf/configure');
    const history = count('SELECT COUNT(*) FROM resource_state_history');
    const b = await activate('RO-1', 'wf/configure');
    expect(b).toEqual(a);
    expect(count('SELECT COUNT(*) FROM resource_state_history')).toBe(history);
    expect(count('SELECT COUNT(*) FROM network_configuration')).toBe(3);
  });

  it("configures what a supplier delivered for the service under the order's reservation", async () => {
    await reserve('RO-1', 'PAR', [{ resourceSpecId: 'RS-VLAN' }]);
    const supplied = await t.store.ports.resourceInventory.registerSuppliedResource('sprm/deliver', {
      resourceSpecId: 'RS-ACCESS-CIRCUIT',
      region: 'PAR',
      name: 'Leased access circuit',
      supplierId: 'SUP-ALPHA',
      supplierReference: 'ALPHA-42',
      attributes: { bandwidthMbps: 100 },
      serviceId: 'SVC-RO-1',
      customerId: 'CUST-1001',
      reservationId: 'RO-1',
    });
    const out = await rp.configureAndActivateResource({
      action: 'activate',
      resourceOrderId: 'RO-1',
      serviceId: 'SVC-RO-1',
      deliveredResourceIds: [supplied.id],
    });
    expect(out.resources.map((r) => r.id).sort()).toEqual([supplied.id, 'VLAN-PAR-100'].sort());
    expect(
      rows('SELECT config FROM network_configuration WHERE resource_id = ?', supplied.id)[0]?.['config'],
    ).toContain('dot1q');
  });

  it('provisions an order whose every part comes from a supplier', async () => {
    await reserve('RO-1', 'MRS', []);
    const supplied = await t.store.ports.resourceInventory.registerSuppliedResource('sprm/deliver', {
      resourceSpecId: 'RS-ACCESS-CIRCUIT',
      region: 'MRS',
      name: 'Leased access circuit',
      supplierId: 'SUP-BETA',
      supplierReference: 'BETA-7',
      attributes: {},
      serviceId: 'SVC-RO-1',
      customerId: 'CUST-1001',
      reservationId: 'RO-1',
    });
    await rp.configureAndActivateResource({
      action: 'activate',
      resourceOrderId: 'RO-1',
      serviceId: 'SVC-RO-1',
      deliveredResourceIds: [supplied.id],
    });
    await rp.testResource({ resourceOrderId: 'RO-1' });
    const report = await rp.collectUpdateAndReportResourceConfigurationData({ resourceOrderId: 'RO-1' });
    expect(report.resources.map((r) => [r.id, r.state])).toEqual([[supplied.id, 'inService']]);
  });

  it('refuses a delivered resource that is not reserved for the service, configuring nothing', async () => {
    await reserve();
    await expect(
      rp.configureAndActivateResource({
        action: 'activate',
        resourceOrderId: 'RO-1',
        serviceId: 'SVC-RO-1',
        deliveredResourceIds: ['AC-PAR-1'],
      }),
    ).rejects.toMatchObject({ type: 'NotFound', nonRetryable: true });
    expect(count('SELECT COUNT(*) FROM network_configuration')).toBe(0);
  });

  it('fails the activation when an element refuses its configuration, leaving the resources reserved', async () => {
    await reserve();
    injectFault(t.store.db, 'PORT-PAR-1-1-1', 'configure');
    await expect(activate()).rejects.toMatchObject({ type: 'ActivationFailed', nonRetryable: true });
    expect(rows("SELECT DISTINCT state FROM resources WHERE reservation_id = 'RO-1'")).toEqual([{ state: 'reserved' }]);
  });

  it('deactivates: unconfigures the elements and gives everything back, the inventory exactly as before', async () => {
    const before = inventory();
    await reserve();
    await activate();
    const out = await rp.configureAndActivateResource({
      action: 'deactivate',
      resourceOrderId: 'RO-1',
      reason: 'compensation',
    });
    expect(out.released).toHaveLength(3);
    expect(inventory()).toEqual(before);
    expect(count('SELECT COUNT(*) FROM network_configuration')).toBe(0);
  });

  it('gives back only the resources a redesign leaves out: unconfigured, available, released on the order', async () => {
    const report = await provision('RO-1');
    const [port, ...kept] = report.resources;
    const out = await rp.configureAndActivateResource({
      action: 'deactivate',
      resourceOrderId: 'RO-1',
      resourceIds: [port!.id],
      reason: 'replaced by RO-1-r2',
    });
    expect(out.released).toEqual([port!.id]);
    expect(rows('SELECT state, reservation_id, service_id FROM resources WHERE id = ?', port!.id)).toEqual([
      { state: 'available', reservation_id: null, service_id: null },
    ]);
    expect(count('SELECT COUNT(*) FROM network_configuration WHERE resource_id = ?', port!.id)).toBe(0);
    expect(out.resources.map((r) => [r.id, r.state])).toEqual(kept.map((r) => [r.id, 'inService']));
    expect(count('SELECT COUNT(*) FROM network_configuration')).toBe(kept.length);
    expect(
      rows(
        "SELECT resource_id, state FROM resource_order_items WHERE resource_order_id = 'RO-1' AND state = 'released'",
      ),
    ).toEqual([{ resource_id: port!.id, state: 'released' }]);
  });

  it('ceases a service: a delete order takes back everything its earlier orders hold', async () => {
    const before = inventory();
    await provision('RO-1');
    const cease = {
      action: 'deactivate',
      resourceOrderId: 'RO-1-DEL',
      reason: 'service ceased',
      cease: { serviceOrderId: 'SO-2', serviceId: 'SVC-RO-1', customerId: 'CUST-1001', region: 'PAR' },
    } as const;
    const out = await rp.configureAndActivateResource(cease, { idempotencyKey: 'wf/cease' });
    expect(out.released).toHaveLength(3);
    expect(inventory()).toEqual(before);
    expect(count('SELECT COUNT(*) FROM network_configuration')).toBe(0);
    expect(rows('SELECT id, action, state FROM resource_orders ORDER BY id')).toEqual([
      { id: 'RO-1', action: 'add', state: 'completed' },
      { id: 'RO-1-DEL', action: 'delete', state: 'completed' },
    ]);
    expect(
      count("SELECT COUNT(*) FROM resource_order_items WHERE resource_order_id = 'RO-1-DEL' AND action = 'delete'"),
    ).toBe(3);
    expect(
      count("SELECT COUNT(*) FROM resource_state_history WHERE from_state = 'inService' AND to_state = 'available'"),
    ).toBe(3);
    await rp.configureAndActivateResource(cease, { idempotencyKey: 'wf/cease' });
    expect(inventory()).toEqual(before);
  });

  it('writes nothing on bad input', async () => {
    await reserve();
    const before = inventory();
    await expect(
      rp.configureAndActivateResource({ action: 'deactivate', resourceOrderId: 'RO-1' } as never),
    ).rejects.toMatchObject({ type: 'InvalidInput' });
    expect(inventory()).toEqual(before);
  });
});

describe('1.F.3.2.3 testResource', () => {
  it('puts the resources in service when every test passes, with plausible measurements', async () => {
    await reserve();
    await activate();
    const out = await rp.testResource({ resourceOrderId: 'RO-1' });
    expect(out.results.every((r) => r.passed)).toBe(true);
    const port = out.results.find((r) => r.target === 'PORT-PAR-1-1-1')!;
    expect(port.measurements['rxPowerDbm']).toBeLessThan(-15);
    expect(port.measurements['rxPowerDbm']).toBeGreaterThan(-28);
    expect(rows("SELECT DISTINCT state FROM resources WHERE reservation_id = 'RO-1'")).toEqual([
      { state: 'inService' },
    ]);
  });

  it('tests once per idempotency key', async () => {
    await reserve();
    await activate();
    await rp.testResource({ resourceOrderId: 'RO-1' }, { idempotencyKey: 'wf/test' });
    const history = count('SELECT COUNT(*) FROM resource_state_history');
    const again = await rp.testResource({ resourceOrderId: 'RO-1' }, { idempotencyKey: 'wf/test' });
    expect(again.resources.every((r) => r.state === 'inService')).toBe(true);
    expect(count('SELECT COUNT(*) FROM resource_state_history')).toBe(history);
  });

  it('refuses with the failing resource and its measurements, changing no state', async () => {
    await reserve();
    await activate();
    injectFault(t.store.db, 'PORT-PAR-1-1-1', 'testResource');
    await expect(rp.testResource({ resourceOrderId: 'RO-1' })).rejects.toMatchObject({
      type: 'TestFailed',
      nonRetryable: true,
      message: expect.stringContaining('PORT-PAR-1-1-1: no signal (loss of light)'),
      details: [
        {
          resourceIds: ['PORT-PAR-1-1-1'],
          results: [{ target: 'PORT-PAR-1-1-1', passed: false, measurements: { rxPowerDbm: -40 } }],
        },
      ],
    });
    expect(rows("SELECT DISTINCT state FROM resources WHERE reservation_id = 'RO-1'")).toEqual([
      { state: 'outOfService' },
    ]);
  });

  it('refuses an order with nothing configured', async () => {
    await reserve();
    await expect(rp.testResource({ resourceOrderId: 'RO-1' })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    await expect(rp.testResource({ resourceOrderId: '' })).rejects.toMatchObject({ type: 'InvalidInput' });
  });
});

describe('1.F.3.2.4 collectUpdateAndReportResourceConfigurationData', () => {
  it('completes the order and reports which resources serve the customer, with their configuration', async () => {
    const report = await provision();
    expect(report).toMatchObject({
      resourceOrderId: 'RO-1',
      state: 'completed',
      customerId: 'CUST-1001',
      serviceId: 'SVC-RO-1',
    });
    expect(report.resources.map((r) => [r.id, r.adminState, r.configuration['service']])).toEqual([
      ['CPE-PAR-1', 'up', 'SVC-RO-1'],
      ['PORT-PAR-1-1-1', 'up', 'SVC-RO-1'],
      ['VLAN-PAR-100', 'up', 'SVC-RO-1'],
    ]);
    const held = await t.store.ports.resourceInventory.byCustomer('CUST-1001');
    expect(held.map((r) => [r.id, r.state, r.serviceId])).toEqual([
      ['CPE-PAR-1', 'inService', 'SVC-RO-1'],
      ['PORT-PAR-1-1-1', 'inService', 'SVC-RO-1'],
      ['VLAN-PAR-100', 'inService', 'SVC-RO-1'],
    ]);
    expect(
      rows(
        "SELECT resource_id, state FROM resource_order_items WHERE resource_order_id = 'RO-1' AND configuration IS NOT NULL",
      ),
    ).toHaveLength(3);
    expect(rows("SELECT state, reason FROM resource_orders WHERE id = 'RO-1'")).toEqual([
      { state: 'completed', reason: null },
    ]);
  });

  it('reports once per idempotency key', async () => {
    await reserve();
    await activate();
    await rp.testResource({ resourceOrderId: 'RO-1' });
    const a = await rp.collectUpdateAndReportResourceConfigurationData(
      { resourceOrderId: 'RO-1' },
      { idempotencyKey: 'wf/report' },
    );
    const b = await rp.collectUpdateAndReportResourceConfigurationData(
      { resourceOrderId: 'RO-1' },
      { idempotencyKey: 'wf/report' },
    );
    expect(b).toEqual(a);
    expect(count("SELECT COUNT(*) FROM resource_order_items WHERE resource_order_id = 'RO-1'")).toBe(3);
  });

  it('refuses to report an order whose resources are not in service, completing nothing', async () => {
    await reserve();
    await expect(rp.collectUpdateAndReportResourceConfigurationData({ resourceOrderId: 'RO-1' })).rejects.toMatchObject(
      {
        type: 'InvalidStateTransition',
        nonRetryable: true,
      },
    );
    expect(rows("SELECT state FROM resource_orders WHERE id = 'RO-1'")).toEqual([{ state: 'pending' }]);
    await expect(
      rp.collectUpdateAndReportResourceConfigurationData({ resourceOrderId: 'RO-404' }),
    ).rejects.toMatchObject({ type: 'NotFound' });
  });
});
