import { WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ResourceAvailability, type ResourceOrderResult } from '../../../src/domain/fulfilment/resource-order';
import type { ServiceOrderResult } from '../../../src/domain/fulfilment/service-order';
import { injectFault } from '../../../src/simulators/network';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { eventually, inventorySnapshot } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';
import {
  activityInputs,
  type Case,
  column,
  count,
  FIBRE,
  request,
  start,
  STATIC_IP,
  VOICE,
  VPN,
} from './service-configuration-activation-support';

/**
 * The service order workflow (1.F.2.2) from order to active service: on-site work, a supplier's
 * circuit, identifiers alone, a failing test, cancellation while waiting, availability handed on
 * or stale, and a cease.
 */

/** What the feasibility check of a product order would hand on: RM&O's answer for the service. */
async function askAvailability(rt: TestRuntime, name: string, c: Case) {
  const feasibility = await rt.client.workflow.execute('serviceFeasibility', {
    taskQueue: rt.queue('smo'),
    workflowId: rt.id(`${name}/feasibility`),
    args: [{ cfsSpecId: c.cfsSpecId, region: c.region, characteristics: c.characteristics }],
  });
  return ResourceAvailability.parse(feasibility.availability);
}

const childStarted = (rt: TestRuntime, workflowId: string) =>
  rt.client.workflow
    .getHandle(workflowId)
    .describe()
    .then(
      () => true,
      () => false,
    );

describe('serviceOrder (1.F.2.2 Service Configuration & Activation)', () => {
  it('delivers a fibre access in Paris: technician dispatched, resources in service, service active', async () => {
    await withWorkers(async (rt) => {
      const handle = await start(rt, request(rt, 'fibre', FIBRE));
      const result: ServiceOrderResult = await handle.result();
      expect(result).toMatchObject({ state: 'completed', reason: null, parameters: {} });
      expect(result.resourceIds).toHaveLength(3);

      const serviceId = result.serviceId!;
      expect(column(rt, 'SELECT state FROM services WHERE id = ?', serviceId)).toEqual(['active']);
      expect(column(rt, 'SELECT state FROM service_orders WHERE id = ?', handle.workflowId)).toEqual(['completed']);
      expect(
        column(rt, "SELECT technician_id || ':' || state FROM work_orders WHERE reference = ?", handle.workflowId),
      ).toEqual(['TECH-01:completed']);
      expect(
        column(
          rt,
          "SELECT resource_type FROM resources WHERE service_id = ? AND state = 'inService' ORDER BY resource_type",
          serviceId,
        ),
      ).toEqual(['cpe', 'port', 'vlan']);
      // What assurance was handed: the resources behind the service and its service levels.
      const assurance = JSON.parse(column(rt, 'SELECT assurance FROM services WHERE id = ?', serviceId)[0] as string);
      expect([...assurance.resourceIds].sort()).toEqual([...result.resourceIds].sort());
      expect(assurance.qos).toMatchObject({ committedBandwidthMbps: 1000 });

      const ran = (await traceProcesses(rt.client, handle.workflowId)).map((p) => p.etomId);
      for (const id of [
        '1.F.2.2.1',
        '1.F.2.2.2',
        '1.F.2.2.3',
        '1.F.2.2.4',
        '1.F.2.2.5',
        '1.F.2.2.6',
        '1.F.3.2.1',
        '1.F.3.2.4',
      ]) {
        expect(ran).toContain(id);
      }
      expect(ran.indexOf('1.F.3.2.4')).toBeLessThan(ran.indexOf('1.F.2.2.4'));
      // RM&O's configuration report comes back with the resources, and 1.F.2.2.4 is given it to check.
      const provisioned = (await rt.client.workflow
        .getHandle(`${handle.workflowId}/RO`)
        .result()) as ResourceOrderResult;
      expect(provisioned.resources.map((r) => r.configuration?.['service'])).toEqual([serviceId, serviceId, serviceId]);
      const implement = (await activityInputs(rt, handle.workflowId, 'implementConfigureAndActivateService'))[0];
      expect(implement).toMatchObject({ action: 'implement', serviceId });
      expect(implement!['reported']).toEqual(
        provisioned.resources.map((r) => ({ resourceId: r.id, configuration: r.configuration })),
      );
      const desc = await handle.describe();
      expect(desc.searchAttributes).toMatchObject({
        EtomLayer: ['SM&O'],
        EtomState: ['completed'],
        EtomCustomerId: ['CUST-1001'],
      });
      expect(await handle.query('getServiceOrder')).toMatchObject({
        state: 'completed',
        serviceId,
        currentProcess: '1.F.2.2.6',
      });
    });
  });

  it('buys the access circuit of a VPN site in Marseille and builds the service on it', async () => {
    await withWorkers(async (rt) => {
      const handle = await start(rt, request(rt, 'vpn', VPN));
      const result = await handle.result();
      expect(result.state).toBe('completed');
      expect(column(rt, 'SELECT state FROM partner_orders WHERE service_order_id = ?', handle.workflowId)).toEqual([
        'accepted',
      ]);
      const circuits = column(
        rt,
        "SELECT id FROM resources WHERE service_id = ? AND resource_type = 'access-circuit' AND state = 'inService' AND customer_id = 'CUST-1002'",
        result.serviceId,
      );
      expect(circuits).toHaveLength(1);
      expect(result.resourceIds).toContain(circuits[0]);
      const plan = JSON.parse(
        column(rt, 'SELECT work_plan FROM service_orders WHERE id = ?', handle.workflowId)[0] as string,
      );
      expect(plan).toMatchObject({
        state: 'completed',
        workOrderId: null,
        expectedFromSuppliers: [{ resourceSpecId: 'RS-ACCESS-CIRCUIT', resourceIds: circuits }],
      });
      const layers = new Set((await traceProcesses(rt.client, handle.workflowId)).map((p) => p.layer));
      expect([...layers].sort()).toEqual(['RM&O', 'S/PRM', 'SM&O']);
    });
  });

  it('allocates a static IP range from the pool: no resource order needed', async () => {
    await withWorkers(async (rt) => {
      const handle = await start(rt, request(rt, 'ip', STATIC_IP));
      const result = await handle.result();
      expect(result).toMatchObject({
        state: 'completed',
        parameters: { ipv4Range: '198.51.100.0/29' },
        resourceIds: [],
      });
      expect(column(rt, "SELECT state || ':' || service_id FROM resources WHERE id = 'IP-PAR-0'")).toEqual([
        `inService:${result.serviceId}`,
      ]);
      expect(
        column(rt, "SELECT name || '=' || value FROM service_parameters WHERE service_id = ?", result.serviceId),
      ).toEqual(['ipv4Range=198.51.100.0/29']);
      expect(count(rt, 'SELECT COUNT(*) FROM resource_orders WHERE service_id = ?', result.serviceId)).toBe(0);
    });
  });

  it('retries a failing end-to-end test, redesigns once, then fails and gives everything back', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      // The first service of this private store is SVC-000001: every test of it fails.
      injectFault(rt.store.db, 'SVC-000001', 'testService', 10);
      const handle = await start(rt, request(rt, 'testfail', FIBRE));
      const result = await handle.result();
      expect(result).toMatchObject({
        state: 'failed',
        serviceId: 'SVC-000001',
        reason: expect.stringMatching(/end-to-end test/),
      });
      // Two rounds of implementation: first try plus two retries, before and after the redesign.
      expect(count(rt, "SELECT COUNT(*) FROM service_tests WHERE service_id = 'SVC-000001' AND passed = 0")).toBe(6);
      expect(JSON.parse(column(rt, "SELECT design FROM services WHERE id = 'SVC-000001'")[0] as string).revision).toBe(
        2,
      );
      expect(column(rt, "SELECT state FROM services WHERE id = 'SVC-000001'")).toEqual(['terminated']);
      expect(column(rt, 'SELECT state FROM service_orders WHERE id = ?', handle.workflowId)).toEqual(['failed']);
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(count(rt, "SELECT COUNT(*) FROM network_configuration WHERE service_id = 'SVC-000001'")).toBe(0);
    });
  });

  it('cancelled while waiting for the supplier: the requisition is cancelled, reservations released', async () => {
    await withWorkers(
      async (rt) => {
        const before = inventorySnapshot(rt.store);
        const handle = await start(rt, request(rt, 'cancel', VPN));
        await eventually(
          async () =>
            count(
              rt,
              "SELECT COUNT(*) FROM partner_orders WHERE service_order_id = ? AND state IN ('placed', 'confirmed')",
              handle.workflowId,
            ) > 0,
          'the requisition to be placed',
        );
        await handle.cancel();
        const err = await handle.result().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WorkflowFailedError);
        expect((await handle.describe()).status.name).toBe('CANCELLED');
        expect(column(rt, 'SELECT state FROM partner_orders WHERE service_order_id = ?', handle.workflowId)).toEqual([
          'cancelled',
        ]);
        expect(column(rt, 'SELECT state FROM service_orders WHERE id = ?', handle.workflowId)).toEqual(['cancelled']);
        expect(column(rt, 'SELECT state FROM services WHERE service_order_id = ?', handle.workflowId)).toEqual([
          'terminated',
        ]);
        expect(inventorySnapshot(rt.store)).toEqual(before);
      },
      { supplierSpeed: 20_000 },
    );
  });

  it('designs from the availability Order Handling hands on, without asking RM&O again', async () => {
    await withWorkers(async (rt) => {
      const availability = await askAvailability(rt, 'fibre-known', FIBRE);
      const handle = await start(rt, request(rt, 'fibre-known', FIBRE, { availability }));
      expect(await handle.result()).toMatchObject({ state: 'completed', reason: null });
      expect(await childStarted(rt, `${handle.workflowId}/RA`)).toBe(false);
      expect(await childStarted(rt, `${handle.workflowId}/RO`)).toBe(true);
    });
  });

  it('stale availability fails safely: RM&O refuses what has gone since, and everything is given back', async () => {
    await withWorkers(async (rt) => {
      const availability = await askAvailability(rt, 'fibre-stale', FIBRE);
      expect(availability.lines.every((l) => l.available >= l.needed)).toBe(true);
      // Another order takes every port of Paris after the feasibility check answered.
      rt.store.db
        .prepare("UPDATE resources SET state = 'reserved' WHERE spec_id = 'RS-ACCESS-PORT' AND region = 'PAR'")
        .run();
      const before = inventorySnapshot(rt.store);
      const handle = await start(rt, request(rt, 'fibre-stale', FIBRE, { availability }));
      const result = await handle.result();
      expect(result).toMatchObject({ state: 'failed', reason: expect.stringContaining('RS-ACCESS-PORT') });
      expect(await childStarted(rt, `${handle.workflowId}/RA`)).toBe(false);
      expect(column(rt, 'SELECT state FROM services WHERE id = ?', result.serviceId)).toEqual(['terminated']);
      expect(column(rt, 'SELECT state FROM service_orders WHERE id = ?', handle.workflowId)).toEqual(['failed']);
      expect(inventorySnapshot(rt.store)).toEqual(before);
    });
  });

  it('ceases a telephone line: resources taken back, number returned, service terminated', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const req = request(rt, 'voice', VOICE);
      const added = await (await start(rt, req)).result();
      expect(added).toMatchObject({ state: 'completed', parameters: { telephoneNumber: '+33170000000' } });

      const cease = await start(
        rt,
        { ...req, action: 'delete', serviceId: added.serviceId! },
        `${req.serviceOrderId}/cease`,
      );
      expect(await cease.result()).toMatchObject({ state: 'completed', serviceId: added.serviceId });
      expect(column(rt, 'SELECT state FROM services WHERE id = ?', added.serviceId)).toEqual(['terminated']);
      expect(column(rt, "SELECT action || ':' || state FROM service_orders WHERE id = ?", cease.workflowId)).toEqual([
        'delete:completed',
      ]);
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(count(rt, 'SELECT COUNT(*) FROM network_configuration WHERE service_id = ?', added.serviceId)).toBe(0);
      // 1.F.3.2.4 ran on the cease too: the delete order's items record nothing left on the elements,
      // and SM&O got that report back.
      const ceaseRo = rt.client.workflow.getHandle(`${cease.workflowId}/RO`);
      expect((await traceProcesses(rt.client, ceaseRo.workflowId)).map((p) => p.etomId)).toEqual([
        '1.F.3.2.2',
        '1.F.3.2.4',
      ]);
      const taken = (await ceaseRo.result()) as ResourceOrderResult;
      expect(taken.resources.length).toBeGreaterThan(0);
      for (const r of taken.resources)
        expect(r).toMatchObject({ configuration: {}, adminState: 'down', state: 'available' });
      expect(
        column(
          rt,
          'SELECT configuration FROM resource_order_items WHERE resource_order_id = ? ORDER BY resource_id',
          ceaseRo.workflowId,
        ),
      ).toEqual(taken.resources.map(() => '{}'));
    });
  });
});
