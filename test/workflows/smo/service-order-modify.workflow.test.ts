import { WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { type TestRuntime, withWorkers } from '../../support/runtime';
import { fibreOrder, orderState, rows, runServiceOrder } from './service-change-support';

/**
 * Service orders `modify` (#12): a speed change on a fibre access in service. SM&O redesigns
 * from the complete characteristics after the change, RM&O configures the elements again in
 * place, the service — active all along — is tested against its new design, and the inventory
 * takes the new characteristics and QoS. Failing part-way, the elements are exactly as they
 * were and the inventory untouched.
 */

/** The elements carrying the service, exactly as the network holds them. */
const elements = (rt: TestRuntime, serviceId: string) =>
  rt.store.db
    .prepare(
      'SELECT resource_id, config, admin_state FROM network_configuration WHERE service_id = ? ORDER BY resource_id',
    )
    .all(serviceId);

const service = (rt: TestRuntime, id: string) =>
  rt.store.db.prepare('SELECT state, characteristics, design, assurance FROM services WHERE id = ?').get(id) as {
    state: string;
    characteristics: string;
    design: string;
    assurance: string;
  };

async function activeFibre(rt: TestRuntime, name: string) {
  const added = await runServiceOrder(rt, fibreOrder(rt, name, {}));
  expect(added.state).toBe('completed');
  const serviceId = added.serviceId!;
  return { serviceId, before: elements(rt, serviceId), record: service(rt, serviceId) };
}

describe('serviceOrder modify (1.F.2.2 with 1.F.3.2.2)', () => {
  it('changes a fibre access from 1000 to 500 Mbps in service: elements, inventory, QoS', async () => {
    await withWorkers(async (rt) => {
      const { serviceId, before } = await activeFibre(rt, 'fibre');
      const speed = fibreOrder(rt, 'speed', { action: 'modify', serviceId, characteristics: { bandwidthMbps: 500 } });
      const out = await runServiceOrder(rt, speed);
      expect(out).toMatchObject({ state: 'completed', serviceId, reason: null });
      expect(out.resourceIds).toHaveLength(3);

      const after = service(rt, serviceId);
      expect(after.state).toBe('active');
      expect(JSON.parse(after.characteristics)).toEqual({ bandwidthMbps: 500 });
      expect(JSON.parse(after.design)).toMatchObject({ revision: 2, qos: { committedBandwidthMbps: 500 } });
      expect(JSON.parse(after.assurance)).toMatchObject({ qos: { committedBandwidthMbps: 500 } });
      // Never taken down: the service's states are those of its add, ending active.
      expect(
        rows(
          rt,
          "SELECT to_state FROM service_state_history WHERE entity = 'service' AND entity_id = ? ORDER BY seq",
          serviceId,
        ).at(-1),
      ).toBe('active');
      const now = elements(rt, serviceId) as Array<{ config: string; admin_state: string }>;
      expect(now).toHaveLength(before.length);
      for (const e of now) expect(e).toMatchObject({ admin_state: 'up' });
      for (const e of now) expect(JSON.parse(e.config)).toMatchObject({ bandwidthMbps: 500 });

      expect(orderState(rt, 'service_orders', speed.serviceOrderId)).toBe('modify:completed');
      expect(orderState(rt, 'resource_orders', `${speed.serviceOrderId}/RO`)).toBe('modify:completed');
      expect(rows(rt, 'SELECT passed FROM service_tests WHERE service_order_id = ?', speed.serviceOrderId)).toEqual([
        1,
      ]);
      const ran = (await traceProcesses(rt.client, speed.serviceOrderId)).map((p) => p.etomId);
      expect(ran).toEqual(expect.arrayContaining(['1.F.2.2.1', '1.F.3.2.2', '1.F.3.2.4', '1.F.2.2.5', '1.F.2.2.6']));
    });
  });

  it('an element refusing part-way: RM&O puts every element back exactly, the inventory untouched', async () => {
    await withWorkers(async (rt) => {
      const { serviceId, before, record } = await activeFibre(rt, 'fibre-f');
      const last = (before.at(-1) as { resource_id: string }).resource_id;
      injectFault(rt.store.db, last, 'configure', UNTIL_REPAIRED);

      const speed = fibreOrder(rt, 'speed-f', { action: 'modify', serviceId, characteristics: { bandwidthMbps: 500 } });
      const out = await runServiceOrder(rt, speed);
      expect(out.state).toBe('failed');
      expect(out.reason).toMatch(/refused the configuration/);
      expect(elements(rt, serviceId)).toEqual(before);
      expect(service(rt, serviceId)).toEqual(record);
      expect(orderState(rt, 'service_orders', speed.serviceOrderId)).toBe('modify:failed');
      expect(orderState(rt, 'resource_orders', `${speed.serviceOrderId}/RO`)).toBe('modify:failed');
      const events = (await rt.client.workflow.getHandle(`${speed.serviceOrderId}/RO`).fetchHistory()).events ?? [];
      const calls = events.filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'configureAndActivateResource',
      );
      expect(calls).toHaveLength(3); // snapshot, reconfigure (refused), restore
    });
  });

  it('the new speed failing its end-to-end test: SM&O has RM&O restore the elements, the order fails', async () => {
    await withWorkers(async (rt) => {
      const { serviceId, before, record } = await activeFibre(rt, 'fibre-t');
      injectFault(rt.store.db, serviceId, 'testService', 1);

      const speed = fibreOrder(rt, 'speed-t', { action: 'modify', serviceId, characteristics: { bandwidthMbps: 500 } });
      const out = await runServiceOrder(rt, speed);
      expect(out.state).toBe('failed');
      expect(out.reason).toMatch(/end-to-end test/);
      expect(elements(rt, serviceId)).toEqual(before);
      expect(service(rt, serviceId)).toEqual(record);
      expect(orderState(rt, 'service_orders', speed.serviceOrderId)).toBe('modify:failed');
      expect(orderState(rt, 'resource_orders', `${speed.serviceOrderId}/RO`)).toBe('modify:completed');
      expect(orderState(rt, 'resource_orders', `${speed.serviceOrderId}/RO-undo`)).toBe('modify:completed');
    });
  });

  it('an extra static range the pool cannot give: refused by 1.F.2.2.2, nothing taken, the service as it was', async () => {
    await withWorkers(async (rt) => {
      const added = await runServiceOrder(
        rt,
        fibreOrder(rt, 'ip', { cfsSpecId: 'CFS-STATIC-IP', characteristics: {} }),
      );
      expect(added.state).toBe('completed');
      const serviceId = added.serviceId!;
      const record = service(rt, serviceId);
      // Every other Paris range is out of the pool: a second one cannot be allotted.
      rt.store.db
        .prepare(
          "UPDATE resources SET state = 'retired' WHERE spec_id = 'RS-IPV4-29' AND region = 'PAR' AND state = 'available'",
        )
        .run();
      const ranges = () =>
        rows(
          rt,
          "SELECT id || ':' || state || ':' || IFNULL(service_id, '') FROM resources WHERE spec_id = 'RS-IPV4-29' ORDER BY id",
        );
      const pool = ranges();

      const more = fibreOrder(rt, 'ip-more', {
        action: 'modify',
        serviceId,
        cfsSpecId: 'CFS-STATIC-IP',
        characteristics: { ipv4Ranges: 2 },
      });
      const out = await runServiceOrder(rt, more);
      expect(out).toMatchObject({ state: 'failed', serviceId });
      expect(out.reason).toMatch(/RS-IPV4-29 pool of PAR has 0 free, 1 needed/);
      expect(ranges()).toEqual(pool);
      expect(service(rt, serviceId)).toEqual(record);
      expect(rows(rt, 'SELECT COUNT(*) FROM service_parameters WHERE service_id = ?', serviceId)).toEqual([1]);
      expect(orderState(rt, 'service_orders', more.serviceOrderId)).toBe('modify:failed');
    });
  });

  it('cancelled while RM&O reconfigures: the elements restored, the inventory untouched, the order cancelled', async () => {
    await withWorkers(async (rt) => {
      const { serviceId, before, record } = await activeFibre(rt, 'fibre-c');
      const speed = fibreOrder(rt, 'speed-c', { action: 'modify', serviceId, characteristics: { bandwidthMbps: 500 } });
      const handle = await rt.client.workflow.start('serviceOrder', {
        taskQueue: rt.queue('smo'),
        workflowId: speed.serviceOrderId,
        args: [speed],
      });
      // Cancelled as soon as RM&O's resource order runs: SM&O takes it at its next step.
      const ro = rt.client.workflow.getHandle(`${speed.serviceOrderId}/RO`);
      for (let i = 0; i < 600; i++) {
        if (
          await ro.describe().then(
            () => true,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await handle.cancel();
      const err = await handle.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((await handle.describe()).status.name).toBe('CANCELLED');

      expect(elements(rt, serviceId)).toEqual(before);
      expect(service(rt, serviceId)).toEqual(record);
      expect(orderState(rt, 'service_orders', speed.serviceOrderId)).toBe('modify:cancelled');
      expect(
        rows(
          rt,
          "SELECT to_state FROM service_state_history WHERE entity = 'serviceOrder' AND entity_id = ? ORDER BY seq",
          speed.serviceOrderId,
        ),
      ).toEqual(expect.arrayContaining(['assessingCancellation', 'pendingCancellation', 'cancelled']));
      expect(orderState(rt, 'resource_orders', `${speed.serviceOrderId}/RO-undo`)).toBe('modify:completed');
    });
  });
});
