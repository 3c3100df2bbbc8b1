import { describe, expect, it } from 'vitest';
import { injectFault } from '../../../src/simulators/network';
import { CASES, type Case, useServiceConfigurationActivation } from './service-configuration-activation-support';

/**
 * SM&O delivers a designed service: work orders (1.F.2.2.3), implementation (1.F.2.2.4), end-to-end
 * test (1.F.2.2.5) and activation (1.F.2.2.6).
 */

const { t, smo, design, ready, implemented } = useServiceConfigurationActivation();
const { one, rows, count } = t;

describe('1.F.2.2.3 trackAndManageWorkOrders', () => {
  it('dispatches the on-site work to a skilled technician of the region', async () => {
    await design('SO-20', CASES.fibre);
    const out = await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-20' });
    expect(out.workOrder).toMatchObject({ technicianId: 'TECH-01', skill: 'fibre', state: 'assigned' });
    expect(rows("SELECT reference, technician_id, state FROM work_orders WHERE reference = 'SO-20'")).toEqual([
      { reference: 'SO-20', technician_id: 'TECH-01', state: 'assigned' },
    ]);
    expect(
      JSON.parse(one("SELECT work_plan FROM service_orders WHERE id = 'SO-20'").work_plan as string),
    ).toMatchObject({
      state: 'dispatched',
      workOrderId: out.workOrder!.id,
    });
  });

  it('dispatches once per idempotency key', async () => {
    await design('SO-21', CASES.fibre);
    await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-21' }, { idempotencyKey: 'k' });
    await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-21' }, { idempotencyKey: 'k' });
    expect(count('SELECT COUNT(*) FROM work_orders')).toBe(1);
  });

  it('records what suppliers are to deliver, and completes only once they have', async () => {
    await design('SO-22', CASES.vpn);
    const dispatched = await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-22' });
    expect(dispatched.workOrder).toBeNull();
    expect(dispatched.plan?.expectedFromSuppliers).toEqual([
      { resourceSpecId: 'RS-ACCESS-CIRCUIT', quantity: 1, resourceIds: null },
    ]);

    await expect(smo.trackAndManageWorkOrders({ action: 'complete', serviceOrderId: 'SO-22' })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
      message: expect.stringContaining('RS-ACCESS-CIRCUIT'),
    });
    expect(JSON.parse(one("SELECT work_plan FROM service_orders WHERE id = 'SO-22'").work_plan as string).state).toBe(
      'dispatched',
    );

    const done = await smo.trackAndManageWorkOrders({
      action: 'complete',
      serviceOrderId: 'SO-22',
      delivered: [{ resourceSpecId: 'RS-ACCESS-CIRCUIT', resourceIds: ['SUP-AC-1'] }],
    });
    expect(done.plan).toMatchObject({ state: 'completed', expectedFromSuppliers: [{ resourceIds: ['SUP-AC-1'] }] });
  });

  it("completes the technician's work order, or calls the technician off", async () => {
    await design('SO-23', CASES.fibre);
    const a = await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-23' });
    await smo.trackAndManageWorkOrders({ action: 'complete', serviceOrderId: 'SO-23' });
    expect(one('SELECT state FROM work_orders WHERE id = ?', a.workOrder!.id).state).toBe('completed');

    await design('SO-24', { ...CASES.fibre, region: 'LYO', customerId: 'CUST-1005' });
    const b = await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-24' });
    const cancelled = await smo.trackAndManageWorkOrders({
      action: 'cancel',
      serviceOrderId: 'SO-24',
      reason: 'order cancelled',
    });
    expect(cancelled.plan?.state).toBe('cancelled');
    expect(rows('SELECT state, notes FROM work_orders WHERE id = ?', b.workOrder!.id)).toEqual([
      { state: 'cancelled', notes: expect.stringContaining('order cancelled') },
    ]);
  });

  it('via Manage Workforce: names the on-site work, and completes only on the work order 1.O.3.1.6 closed', async () => {
    await design('SO-25', CASES.fibre);
    const out = await smo.trackAndManageWorkOrders({ action: 'dispatch', serviceOrderId: 'SO-25', viaWorkforce: true });
    expect(out.onSiteWork).toMatchObject({ kind: 'install', skill: 'fibre', region: 'PAR' });
    expect(out.plan).toMatchObject({ state: 'dispatched', workOrderId: null });
    expect(count('SELECT COUNT(*) FROM work_orders')).toBe(0);

    // What 1.O.3.1.6 does for the visit: its technician assigned, then the report.
    const wo = await t.store.ports.workforce.dispatch('wo', {
      reference: 'SO-25',
      kind: 'install',
      skill: 'fibre',
      region: 'PAR',
    });
    const visit = { workOrderId: wo.id, technicianId: wo.technicianId, notes: 'fixed' };
    await expect(
      smo.trackAndManageWorkOrders({ action: 'complete', serviceOrderId: 'SO-25', workOrder: visit }),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition', message: expect.stringContaining('assigned') });
    await t.store.ports.workforce.complete('wo-done', wo.id, 'fixed: installed');
    const done = await smo.trackAndManageWorkOrders({ action: 'complete', serviceOrderId: 'SO-25', workOrder: visit });
    expect(done.plan).toMatchObject({ state: 'completed', workOrderId: wo.id, technicianId: 'TECH-01' });
    expect(done.workOrder).toMatchObject({ id: wo.id, state: 'completed' });
  });
});

describe('1.F.2.2.4 implementConfigureAndActivateService', () => {
  const config = (resourceId: string) =>
    JSON.parse(one('SELECT config FROM network_configuration WHERE resource_id = ?', resourceId).config as string);

  it('configures the service end to end over its resources and identifiers: installed, inactive', async () => {
    const r = await ready('SO-30', CASES.voice);
    const out = await smo.implementConfigureAndActivateService({
      action: 'implement',
      serviceId: r.serviceId,
      resourceIds: r.resourceIds,
    });
    expect(out.state).toBe('inactive');
    expect(out.elements.map((e) => e.resourceId).sort()).toEqual([...r.resourceIds, 'TN-33170000000'].sort());
    const port = config(r.resourceIds[0]!);
    // RM&O's resource-level part stays; the service-level part sits beside it.
    expect(port).toMatchObject({
      service: r.serviceId,
      mtu: 9000,
      serviceConfiguration: {
        serviceId: r.serviceId,
        parameters: { telephoneNumber: '+33170000000' },
        status: 'installed',
      },
    });
    expect(one('SELECT state FROM services WHERE id = ?', r.serviceId).state).toBe('inactive');
  });

  it('implements once per idempotency key', async () => {
    const r = await ready('SO-31', CASES.fibre);
    const input = { action: 'implement', serviceId: r.serviceId, resourceIds: r.resourceIds } as const;
    const a = await smo.implementConfigureAndActivateService(input, { idempotencyKey: 'k' });
    const b = await smo.implementConfigureAndActivateService(input, { idempotencyKey: 'k' });
    expect(b).toEqual(a);
    expect(
      rows(
        "SELECT COUNT(*) AS n FROM service_state_history WHERE entity = 'service' AND entity_id = ? AND to_state = 'inactive'",
        r.serviceId,
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('refuses a resource RM&O did not provision for the service, configuring nothing', async () => {
    const r = await ready('SO-32', CASES.fibre);
    await expect(
      smo.implementConfigureAndActivateService({
        action: 'implement',
        serviceId: r.serviceId,
        resourceIds: [...r.resourceIds, 'PORT-PAR-2-2-8'],
      }),
    ).rejects.toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    for (const id of r.resourceIds) expect(config(id).serviceConfiguration).toBeUndefined();
    expect(one('SELECT state FROM services WHERE id = ?', r.serviceId).state).toBe('reserved');
  });

  it("undoes the service configuration, leaving RM&O's part", async () => {
    const r = await implemented('SO-33', CASES.voice);
    const out = await smo.implementConfigureAndActivateService({
      action: 'undo',
      serviceId: r.serviceId,
      reason: 'test failed',
    });
    expect(out.state).toBe('reserved');
    expect(config(r.resourceIds[0]!)).toEqual({ service: r.serviceId, mtu: 9000, serviceConfiguration: null });
    // The number was configured by SM&O alone: its element configuration is gone.
    expect(count("SELECT COUNT(*) FROM network_configuration WHERE resource_id = 'TN-33170000000'")).toBe(0);
  });
});

describe('1.F.2.2.5 testServiceEndToEnd', () => {
  it('records a passed test with its measurements', async () => {
    const r = await implemented('SO-40', CASES.fibre);
    const out = await smo.testServiceEndToEnd({ serviceOrderId: 'SO-40', serviceId: r.serviceId });
    expect(out.passed).toBe(true);
    expect(out.measurements['elements']).toBe(3);
    expect(rows('SELECT passed, service_order_id FROM service_tests WHERE service_id = ?', r.serviceId)).toEqual([
      { passed: 1, service_order_id: 'SO-40' },
    ]);
  });

  it('fails with TestFailed and the measurements, and records the failed run', async () => {
    const r = await implemented('SO-41', CASES.fibre);
    injectFault(t.store.db, r.serviceId, 'testService');
    const err = await smo
      .testServiceEndToEnd({ serviceOrderId: 'SO-41', serviceId: r.serviceId })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'TestFailed', nonRetryable: true });
    expect(
      (err as { details: Array<{ measurements: Record<string, number> }> }).details[0]!.measurements,
    ).toMatchObject({ throughputPct: 12 });
    expect(rows('SELECT passed, detail FROM service_tests WHERE service_id = ?', r.serviceId)).toEqual([
      { passed: 0, detail: expect.stringContaining('throughput at 12%') },
    ]);
  });

  it('records one run per idempotency key', async () => {
    const r = await implemented('SO-42', CASES.staticIp);
    await smo.testServiceEndToEnd({ serviceOrderId: 'SO-42', serviceId: r.serviceId }, { idempotencyKey: 'k' });
    await smo.testServiceEndToEnd({ serviceOrderId: 'SO-42', serviceId: r.serviceId }, { idempotencyKey: 'k' });
    expect(count('SELECT COUNT(*) FROM service_tests')).toBe(1);
  });

  it('refuses to test a service not yet installed, recording nothing', async () => {
    const r = await ready('SO-43', CASES.fibre);
    await expect(smo.testServiceEndToEnd({ serviceOrderId: 'SO-43', serviceId: r.serviceId })).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    expect(count('SELECT COUNT(*) FROM service_tests')).toBe(0);
  });
});

describe('1.F.2.2.6 activateService', () => {
  async function tested(id: string, c: Case) {
    const r = await implemented(id, c);
    await smo.testServiceEndToEnd({ serviceOrderId: id, serviceId: r.serviceId });
    return r;
  }

  it('activates the service, completes the order and keeps what assurance needs', async () => {
    const r = await tested('SO-50', CASES.staticIp);
    const out = await smo.activateService({ action: 'activate', serviceOrderId: 'SO-50', serviceId: r.serviceId });
    expect(out).toMatchObject({
      state: 'active',
      orderState: 'completed',
      assurance: {
        resourceIds: ['IP-PAR-0'],
        parameters: { ipv4Range: '198.51.100.0/29' },
        sla: { availabilityPct: 99.9 },
      },
    });
    expect(rows('SELECT state, activated_at FROM services WHERE id = ?', r.serviceId)).toEqual([
      { state: 'active', activated_at: '2026-03-02T09:00:00.000Z' },
    ]);
    expect(JSON.parse(one('SELECT assurance FROM services WHERE id = ?', r.serviceId).assurance as string)).toEqual(
      out.assurance,
    );
    expect(one("SELECT state FROM service_orders WHERE id = 'SO-50'").state).toBe('completed');
    expect(one("SELECT state FROM resources WHERE id = 'IP-PAR-0'").state).toBe('inService');
    expect(
      JSON.parse(one("SELECT config FROM network_configuration WHERE resource_id = 'IP-PAR-0'").config as string)
        .serviceConfiguration.status,
    ).toBe('active');
  });

  it('activates once per idempotency key', async () => {
    const r = await tested('SO-51', CASES.fibre);
    const input = { action: 'activate', serviceOrderId: 'SO-51', serviceId: r.serviceId } as const;
    await smo.activateService(input, { idempotencyKey: 'k' });
    const again = await smo.activateService(input, { idempotencyKey: 'k' });
    expect(again.state).toBe('active');
    expect(
      rows("SELECT COUNT(*) AS n FROM service_state_history WHERE entity_id = 'SO-51' AND to_state = 'completed'"),
    ).toEqual([{ n: 1 }]);
  });

  it('refuses to activate a service that has not passed its test, changing nothing', async () => {
    const r = await implemented('SO-52', CASES.fibre);
    await expect(
      smo.activateService({ action: 'activate', serviceOrderId: 'SO-52', serviceId: r.serviceId }),
    ).rejects.toMatchObject({
      type: 'InvalidStateTransition',
    });
    expect(one('SELECT state FROM services WHERE id = ?', r.serviceId).state).toBe('inactive');
    expect(one("SELECT state FROM service_orders WHERE id = 'SO-52'").state).toBe('inProgress');
  });

  it('deactivates: elements down and cleared, service terminated, the order cancelled through its assessment', async () => {
    const r = await implemented('SO-53', CASES.voice);
    const out = await smo.activateService({
      action: 'deactivate',
      serviceId: r.serviceId,
      reason: 'customer cancelled',
      closeOrder: { serviceOrderId: 'SO-53', state: 'cancelled' },
    });
    expect(out).toMatchObject({ state: 'terminated', orderState: 'cancelled' });
    expect(
      rows(
        "SELECT to_state FROM service_state_history WHERE entity = 'serviceOrder' AND entity_id = 'SO-53' ORDER BY seq",
      ),
    ).toEqual([
      { to_state: 'acknowledged' },
      { to_state: 'inProgress' },
      { to_state: 'assessingCancellation' },
      { to_state: 'pendingCancellation' },
      { to_state: 'cancelled' },
    ]);
    expect(
      rows('SELECT admin_state, config FROM network_configuration WHERE resource_id = ?', r.resourceIds[0]),
    ).toEqual([
      { admin_state: 'down', config: JSON.stringify({ service: r.serviceId, mtu: 9000, serviceConfiguration: null }) },
    ]);
    expect(count("SELECT COUNT(*) FROM network_configuration WHERE resource_id = 'TN-33170000000'")).toBe(0);
  });
});
