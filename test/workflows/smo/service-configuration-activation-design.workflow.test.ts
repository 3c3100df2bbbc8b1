import { describe, expect, it } from 'vitest';
import type { ResourceOrderResult } from '../../../src/domain/fulfilment/resource-order';
import type { ServiceDesign } from '../../../src/domain/fulfilment/service-design';
import type { ServiceFeasibility, ServiceOrderResult } from '../../../src/domain/fulfilment/service-order';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { inventorySnapshot } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';
import { activityInputs, column, count, FIBRE, request, start } from './service-configuration-activation-support';

/**
 * Design in the service order workflow (1.F.2.2.1): feasibility asked before any order, and the
 * redesign after repeated end-to-end test failures.
 */

describe('serviceFeasibility (pre-order, 1.F.2.2.1 with RM&O)', () => {
  it('answers feasible, with supplier components, or not, reserving nothing', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const ask = (name: string, cfsSpecId: string, region: string) =>
        rt.client.workflow.execute('serviceFeasibility', {
          taskQueue: rt.queue('smo'),
          workflowId: rt.id(name),
          args: [{ cfsSpecId, region, characteristics: {} }],
        });
      const vpn: ServiceFeasibility = await ask('f-vpn', 'CFS-VPN-SITE', 'MRS');
      expect(vpn).toEqual({
        cfsSpecId: 'CFS-VPN-SITE',
        region: 'MRS',
        feasible: true,
        reasons: [],
        supplierComponents: ['RS-ACCESS-CIRCUIT'],
        availability: { region: 'MRS', lines: expect.any(Array) },
      });
      // What RM&O answered, handed on with the assessment for the service order's design.
      const circuit = vpn.availability?.lines.find((l) => l.resourceSpecId === 'RS-ACCESS-CIRCUIT');
      expect(circuit?.supplierContracts.length).toBeGreaterThan(0);
      expect(await ask('f-fibre', 'CFS-FIBRE-ACCESS', 'MRS')).toMatchObject({
        feasible: false,
        reasons: [expect.stringContaining('RS-ACCESS-PORT')],
      });
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(count(rt, 'SELECT COUNT(*) FROM service_orders')).toBe(0);
    });
  });
});

/** The first `n` ports the inventory picks for a Paris fibre (lowest available ids) fail every end-to-end test. */
function faultyPorts(rt: TestRuntime, n: number): string[] {
  const ports = column(
    rt,
    "SELECT id FROM resources WHERE spec_id = 'RS-ACCESS-PORT' AND region = 'PAR' AND state = 'available' ORDER BY id LIMIT ?",
    n,
  ) as string[];
  // Each passes its own test (1.F.3.2.3) but fails every end-to-end test across it, until repaired.
  for (const id of ports) injectFault(rt.store.db, id, 'endToEnd', UNTIL_REPAIRED);
  return ports;
}

describe('1.F.2.2.1 redesign after repeated end-to-end test failures', () => {
  it('diagnoses the failing access port, has RM&O replace it and give it back, and completes on the new port', async () => {
    await withWorkers(async (rt) => {
      const [faulty] = faultyPorts(rt, 1);
      const handle = await start(rt, request(rt, 'redesign', FIBRE));
      const result: ServiceOrderResult = await handle.result();
      expect(result).toMatchObject({ state: 'completed', reason: null });
      const serviceId = result.serviceId!;

      // 1.F.2.2.1 redesigned from the diagnosis: the revision leaves the failing port out.
      const redesign = (await activityInputs(rt, handle.workflowId, 'designSolution')).find(
        (i) => i['action'] === 'redesign',
      );
      expect(redesign?.['resources']).toContainEqual({ resourceId: faulty, resourceSpecId: 'RS-ACCESS-PORT' });
      const design = JSON.parse(column(rt, 'SELECT design FROM services WHERE id = ?', serviceId)[0] as string);
      expect(design as ServiceDesign).toMatchObject({
        revision: 2,
        replaced: [
          { resourceId: faulty, resourceSpecId: 'RS-ACCESS-PORT', detail: expect.stringMatching(/end to end/) },
        ],
      });

      // RM&O's second resource order (child of the service order) reserved another port, and gave the faulty one back.
      const r2 = `${handle.workflowId}/RO-r2`;
      const replaced = (await rt.client.workflow.getHandle(r2).result()) as ResourceOrderResult;
      expect(replaced.state).toBe('completed');
      expect(replaced.resources.map((r) => r.resourceSpecId)).toEqual(['RS-ACCESS-PORT']);
      const newPort = replaced.resources[0]!.id;
      expect(newPort).not.toBe(faulty);
      expect(await activityInputs(rt, r2, 'configureAndActivateResource')).toContainEqual(
        expect.objectContaining({
          action: 'deactivate',
          resourceOrderId: `${handle.workflowId}/RO`,
          resourceIds: [faulty],
        }),
      );
      expect(column(rt, "SELECT state || ':' || IFNULL(service_id, '-') FROM resources WHERE id = ?", faulty)).toEqual([
        'available:-',
      ]);
      expect(
        column(
          rt,
          'SELECT state FROM resource_order_items WHERE resource_order_id = ? AND resource_id = ?',
          `${handle.workflowId}/RO`,
          faulty,
        ),
      ).toEqual(['released']);
      expect(column(rt, 'SELECT COUNT(*) FROM network_configuration WHERE resource_id = ?', faulty)).toEqual([0]);

      // Built and tested again on the new set: three failed tests, then one passed; the new port in service.
      expect(column(rt, 'SELECT passed FROM service_tests WHERE service_id = ? ORDER BY at, id', serviceId)).toEqual([
        0, 0, 0, 1,
      ]);
      const implements_ = await activityInputs(rt, handle.workflowId, 'implementConfigureAndActivateService');
      expect(implements_.at(-1)?.['resourceIds']).toContain(newPort);
      expect(implements_.at(-1)?.['resourceIds']).not.toContain(faulty);
      expect(result.resourceIds).toContain(newPort);
      expect(result.resourceIds).not.toContain(faulty);
      expect(column(rt, "SELECT state || ':' || service_id FROM resources WHERE id = ?", newPort)).toEqual([
        `inService:${serviceId}`,
      ]);
      expect(column(rt, 'SELECT state FROM services WHERE id = ?', serviceId)).toEqual(['active']);
    });
  });

  it('fails when the new port fails too, and everything both resource orders took is given back', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      faultyPorts(rt, 2);
      const handle = await start(rt, request(rt, 'redesign-fails', FIBRE));
      const result: ServiceOrderResult = await handle.result();
      expect(result).toMatchObject({ state: 'failed', reason: expect.stringMatching(/end-to-end test/) });
      const r2 = (await rt.client.workflow.getHandle(`${handle.workflowId}/RO-r2`).result()) as ResourceOrderResult;
      expect(r2.state).toBe('completed');
      expect(column(rt, 'SELECT passed FROM service_tests WHERE service_id = ?', result.serviceId)).toEqual([
        0, 0, 0, 0, 0, 0,
      ]);
      expect(column(rt, 'SELECT state FROM services WHERE id = ?', result.serviceId)).toEqual(['terminated']);
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(column(rt, 'SELECT COUNT(*) FROM network_configuration WHERE service_id = ?', result.serviceId)).toEqual([
        0,
      ]);
    });
  });
});
