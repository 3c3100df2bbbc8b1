import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { ResourceOrderRequest, type ResourceNeed } from '../../../src/domain/fulfilment/resource-order';
import type { FulfilmentTimingsInput } from '../../../src/domain/fulfilment/timings';
import { injectFault } from '../../../src/simulators/network';
import { getResourceOrderQuery, proceedWithResourceOrderSignal } from '../../../workflows/shared/fulfilment-messages';
import type { resourceAvailability, resourceOrder } from '../../../workflows/rmo/resource-provisioning';
import { activityTypes, eventually, inventorySnapshot } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const FIBRE: ResourceNeed[] = [
  { resourceSpecId: 'RS-ACCESS-PORT', quantity: 1 },
  { resourceSpecId: 'RS-VLAN', quantity: 1 },
  { resourceSpecId: 'RS-CPE-ROUTER', quantity: 1 },
];
const ETOM_ACTIVITIES = [
  'allocateAndInstallResource',
  'configureAndActivateResource',
  'testResource',
  'collectUpdateAndReportResourceConfigurationData',
];

/** The RM&O worker alone: these tests start the resource order as SM&O would. */
const rmoOnly = { layers: ['rmo'] as const };

function start(
  rt: TestRuntime,
  name: string,
  over: {
    action?: 'add' | 'delete';
    region?: string;
    needs?: ResourceNeed[];
    serviceId?: string;
    timings?: FulfilmentTimingsInput;
  } = {},
): Promise<WorkflowHandle<typeof resourceOrder>> {
  const resourceOrderId = rt.id(name);
  const req = ResourceOrderRequest.parse({
    resourceOrderId,
    serviceOrderId: rt.id('SO'),
    serviceId: over.serviceId ?? rt.id('SVC'),
    customerId: 'CUST-1001',
    region: over.region ?? 'PAR',
    action: over.action ?? 'add',
    needs: over.needs ?? FIBRE,
    timings: { reservationHold: '1 minute', ...over.timings },
  });
  return rt.client.workflow.start<typeof resourceOrder>('resourceOrder', {
    taskQueue: rt.queue('rmo'),
    workflowId: resourceOrderId,
    args: [req],
  });
}

/** Waits until the order holds its reservation and waits for SM&O's go-ahead. */
const held = (h: WorkflowHandle<typeof resourceOrder>) =>
  eventually(async () => (await h.query(getResourceOrderQuery)).state === 'pending', 'the reservation to be held');

const orderRow = (rt: TestRuntime, id: string) =>
  rt.store.db.prepare('SELECT state, reason FROM resource_orders WHERE id = ?').get(id);
const searchAttributes = async (h: WorkflowHandle) => (await h.describe()).searchAttributes;

describe('resourceOrder (1.F.3.2 Resource Provisioning) on the RM&O queue', () => {
  it('reserves, waits for the go-ahead, then configures, tests and records the four eTOM processes in order', async () => {
    await withWorkers(async (rt) => {
      const h = await start(rt, 'ro-happy');
      await held(h);
      expect(
        rt.store.db
          .prepare("SELECT COUNT(*) FROM resources WHERE reservation_id = ? AND state = 'reserved'")
          .pluck()
          .get(h.workflowId),
      ).toBe(3);
      await h.signal(proceedWithResourceOrderSignal, { deliveredResourceIds: [] });
      const result = await h.result();

      expect(result).toMatchObject({ resourceOrderId: h.workflowId, state: 'completed', reason: null });
      expect(result.resources.map((r) => [r.id, r.state])).toEqual([
        ['CPE-PAR-1', 'inService'],
        ['PORT-PAR-1-1-1', 'inService'],
        ['VLAN-PAR-100', 'inService'],
      ]);
      const serving = rt.store.db
        .prepare(
          'SELECT id, state, service_id, customer_id, hold_until FROM resources WHERE reservation_id = ? ORDER BY id',
        )
        .all(h.workflowId);
      const serviceId = rt.id('SVC');
      expect(serving).toEqual(
        ['CPE-PAR-1', 'PORT-PAR-1-1-1', 'VLAN-PAR-100'].map((id) => ({
          id,
          state: 'inService',
          service_id: serviceId,
          customer_id: 'CUST-1001',
          hold_until: null,
        })),
      );
      expect(
        rt.store.db
          .prepare("SELECT COUNT(*) FROM network_configuration WHERE service_id = ? AND admin_state = 'up'")
          .pluck()
          .get(serviceId),
      ).toBe(3);
      expect(orderRow(rt, h.workflowId)).toEqual({ state: 'completed', reason: null });
      expect(await activityTypes(rt, h.workflowId)).toEqual(ETOM_ACTIVITIES);
      expect(await searchAttributes(h)).toMatchObject({
        EtomState: ['completed'],
        EtomProcess: ['1.F.3.2.4'],
        EtomLayer: ['RM&O'],
      });
      expect(await h.query(getResourceOrderQuery)).toMatchObject({ state: 'completed', currentProcess: '1.F.3.2.4' });
      // Indexed when the state changes, not at every step: the running process is the current details.
      const upserts = (await h.fetchHistory()).events!.flatMap((e) => {
        const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
        return fields ? [Object.keys(fields)] : [];
      });
      expect(upserts.length).toBeGreaterThan(0);
      for (const keys of upserts) expect(keys.filter((k) => k !== 'EtomProcess')).not.toEqual([]);
      expect(await h.query<{ currentDetails?: string }>('__temporal_workflow_metadata')).toMatchObject({
        currentDetails: 'eTOM process 1.F.3.2.4 running',
      });
    }, rmoOnly);
  });

  it('fails at once, reserving nothing, when a resource is not there', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      // No access port of ours in Marseille.
      const h = await start(rt, 'ro-none', { region: 'MRS' });
      const result = await h.result();
      expect(result.state).toBe('failed');
      expect(result.reason).toMatch(/no RS-ACCESS-PORT available in MRS/);
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(orderRow(rt, h.workflowId)).toMatchObject({ state: 'failed' });
      expect(await activityTypes(rt, h.workflowId)).toEqual(['allocateAndInstallResource']);
      expect(await searchAttributes(h)).toMatchObject({ EtomState: ['failed'] });
    }, rmoOnly);
  });

  it('lets the reservation go when the hold ends without a go-ahead', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const h = await start(rt, 'ro-hold', { timings: { reservationHold: '2 seconds' } });
      const result = await h.result();
      expect(result).toMatchObject({ state: 'failed', reason: 'reservation hold expired', resources: [] });
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(orderRow(rt, h.workflowId)).toEqual({ state: 'failed', reason: 'reservation hold expired' });
      expect(await activityTypes(rt, h.workflowId)).toEqual([
        'allocateAndInstallResource',
        'allocateAndInstallResource',
      ]);
    }, rmoOnly);
  });

  it('undoes configuration and reservation, newest first, when a resource fails its test', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      injectFault(rt.store.db, 'PORT-PAR-1-1-1', 'testResource');
      const h = await start(rt, 'ro-test');
      await held(h);
      await h.signal(proceedWithResourceOrderSignal, { deliveredResourceIds: [] });
      const result = await h.result();
      expect(result.state).toBe('failed');
      expect(result.reason).toMatch(/PORT-PAR-1-1-1: no signal \(loss of light\)/);
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(rt.store.db.prepare('SELECT COUNT(*) FROM network_configuration').pluck().get()).toBe(0);
      expect(orderRow(rt, h.workflowId)).toMatchObject({ state: 'failed' });
      expect(await activityTypes(rt, h.workflowId)).toEqual([
        'allocateAndInstallResource',
        'configureAndActivateResource',
        'testResource',
        'configureAndActivateResource', // deactivate
        'allocateAndInstallResource', // release
      ]);
    }, rmoOnly);
  });

  it('gives everything back and ends cancelled when SM&O cancels it while it waits', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const h = await start(rt, 'ro-cancel');
      await held(h);
      await h.cancel();
      const failure = await h.result().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect((await h.describe()).status.name).toBe('CANCELLED');
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(orderRow(rt, h.workflowId)).toEqual({ state: 'cancelled', reason: 'cancelled' });
      expect(await searchAttributes(h)).toMatchObject({ EtomState: ['cancelled'] });
    }, rmoOnly);
  });

  it('ceases a service: a delete order puts everything it held back in the pool', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const add = await start(rt, 'ro-add');
      await held(add);
      await add.signal(proceedWithResourceOrderSignal, { deliveredResourceIds: [] });
      expect((await add.result()).state).toBe('completed');

      const cease = await start(rt, 'ro-cease', { action: 'delete', needs: [] });
      const result = await cease.result();
      expect(result).toMatchObject({ state: 'completed', reason: null });
      expect(inventorySnapshot(rt.store)).toEqual(before);
      expect(rt.store.db.prepare('SELECT COUNT(*) FROM network_configuration').pluck().get()).toBe(0);
      expect(orderRow(rt, cease.workflowId)).toMatchObject({ state: 'completed' });
      // 1.F.3.2.4 on the cease too (#13): what the elements keep (nothing) is recorded and reported back.
      expect(await activityTypes(rt, cease.workflowId)).toEqual([
        'configureAndActivateResource',
        'collectUpdateAndReportResourceConfigurationData',
      ]);
      expect(result.resources.map((r) => r.id).sort()).toEqual((await add.result()).resources.map((r) => r.id).sort());
      for (const r of result.resources) expect(r).toMatchObject({ state: 'available', configuration: {} });
    }, rmoOnly);
  });

  it('answers a pre-order availability check without reserving anything', async () => {
    await withWorkers(async (rt) => {
      const before = inventorySnapshot(rt.store);
      const availability = await rt.client.workflow.execute<typeof resourceAvailability>('resourceAvailability', {
        taskQueue: rt.queue('rmo'),
        workflowId: rt.id('ra'),
        args: [{ region: 'MRS', needs: [{ resourceSpecId: 'RS-ACCESS-CIRCUIT', quantity: 1 }] }],
      });
      expect(availability.lines).toEqual([
        {
          resourceSpecId: 'RS-ACCESS-CIRCUIT',
          needed: 1,
          available: 0,
          supplierContracts: ['SC-ALPHA-MRS-AC', 'SC-BETA-MRS-AC'],
        },
      ]);
      expect(inventorySnapshot(rt.store)).toEqual(before);
    }, rmoOnly);
  });
});
