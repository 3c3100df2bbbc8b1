import { describe, expect, it } from 'vitest';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import type { ResourceOrderRequest } from '../../../src/domain/fulfilment/resource-order';
import { injectFault } from '../../../src/simulators/network';
import { activityTypes, eventually, inventorySnapshot } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const request = (rt: TestRuntime, name: string, timings = {}): ResourceOrderRequest => ({
  resourceOrderId: rt.id(name),
  serviceOrderId: `SO-${name}`,
  serviceId: `SVC-${name}`,
  customerId: 'CUST-1001',
  region: 'PAR',
  action: 'add',
  needs: [{ resourceSpecId: 'RS-ACCESS-PORT', quantity: 1 }, { resourceSpecId: 'RS-VLAN', quantity: 1 }],
  timings: FulfilmentTimings.parse({ reservationHold: '1 minute', ...timings }),
});

const reservedBy = (rt: TestRuntime, id: string) =>
  rt.store.db.prepare('SELECT COUNT(*) FROM resources WHERE reservation_id = ?').pluck().get(id) as number;

describe('resourceOrder (1.F.3.2 Resource Provisioning)', () => {
  it('reserves, waits for the go-ahead, then configures, tests and records', async () => {
    await withWorkers(async (rt) => {
      const req = request(rt, 'ro-happy');
      const handle = await rt.client.workflow.start('resourceOrder', { taskQueue: rt.queue('rmo'), workflowId: req.resourceOrderId, args: [req] });
      await eventually(async () => reservedBy(rt, req.resourceOrderId) === 2, 'the reservation');
      await handle.signal('proceedWithResourceOrder', { deliveredResourceIds: [] });
      const result = await handle.result();
      expect(result.state).toBe('completed');
      const states = rt.store.db.prepare('SELECT DISTINCT state FROM resources WHERE reservation_id = ?').pluck().all(req.resourceOrderId);
      expect(states).toEqual(['inService']);
      expect(await activityTypes(rt, req.resourceOrderId)).toEqual([
        'allocateAndInstallResource',
        'configureAndActivateResource',
        'testResource',
        'collectUpdateAndReportResourceConfigurationData',
      ]);
    });
  });

  it('lets the reservation go when the hold ends without a go-ahead', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const req = request(rt, 'ro-hold', { reservationHold: '1 second' });
      const result = await rt.client.workflow.execute('resourceOrder', { taskQueue: rt.queue('rmo'), workflowId: req.resourceOrderId, args: [req] });
      expect(result).toMatchObject({ state: 'failed', reason: 'reservation hold expired' });
      expect(inventorySnapshot(rt.store)).toEqual(before);
    });
  });

  it('fails without reserving anything when a resource is missing', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const req = { ...request(rt, 'ro-none'), region: 'MRS' };
      const result = await rt.client.workflow.execute('resourceOrder', { taskQueue: rt.queue('rmo'), workflowId: req.resourceOrderId, args: [req] });
      expect(result.state).toBe('failed');
      expect(result.reason).toMatch(/no RS-ACCESS-PORT available in MRS/);
      expect(inventorySnapshot(rt.store)).toEqual(before);
    });
  });

  it('undoes what it did when a resource test fails', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const req = request(rt, 'ro-test');
      // The lowest free port in PAR is the one the reservation will take.
      const port = rt.store.db.prepare("SELECT id FROM resources WHERE spec_id = 'RS-ACCESS-PORT' AND region = 'PAR' AND state = 'available' ORDER BY id").pluck().get() as string;
      injectFault(rt.store.db, port, 'testResource', 1);
      const handle = await rt.client.workflow.start('resourceOrder', { taskQueue: rt.queue('rmo'), workflowId: req.resourceOrderId, args: [req] });
      await eventually(async () => reservedBy(rt, req.resourceOrderId) === 2, 'the reservation');
      await handle.signal('proceedWithResourceOrder', { deliveredResourceIds: [] });
      const result = await handle.result();
      expect(result.state).toBe('failed');
      expect(result.reason).toMatch(/loss of light/);
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(rt.store.db.prepare('SELECT COUNT(*) FROM network_configuration').pluck().get()).toBe(0);
    });
  });

  it('gives everything back when cancelled while holding', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const req = request(rt, 'ro-cancel');
      const handle = await rt.client.workflow.start('resourceOrder', { taskQueue: rt.queue('rmo'), workflowId: req.resourceOrderId, args: [req] });
      await eventually(async () => reservedBy(rt, req.resourceOrderId) === 2, 'the reservation');
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow();
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(rt.store.db.prepare('SELECT state FROM resource_orders WHERE id = ?').pluck().get(req.resourceOrderId)).toBe('cancelled');
    });
  });
});
