import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRecord as resourceOrderOut } from '../../../src/api/resource-ordering/representation';
import { fromRecord as serviceOrderOut } from '../../../src/api/service-ordering/representation';
import { createSpecLibrary, violations } from '../../../src/api/spec';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { traceProcesses } from '../../../src/temporal/process-trace';
import { type TestRuntime, withWorkers } from '../../support/runtime';
import { fibreOrder, orderState, rows, runServiceOrder } from './service-change-support';

/**
 * Service orders `suspend` and `resume` (#12): dunning's suspension really cuts the service on
 * the network (every element carrying it blocked, admin down) and the inventory shows it
 * inactive (TMF638 v4, which this inventory serves, has no `suspended`); a resumption unblocks,
 * tests end to end and activates again. Each fails part-way with the elements and the service
 * exactly as before.
 */

/** Each element carrying the service: blocked or not, and its admin state, by resource id. */
const elements = (rt: TestRuntime, serviceId: string) =>
  (
    rt.store.db
      .prepare(
        'SELECT resource_id, config, admin_state FROM network_configuration WHERE service_id = ? ORDER BY resource_id',
      )
      .all(serviceId) as Array<{ resource_id: string; config: string; admin_state: string }>
  ).map((e) => `${e.resource_id}:${JSON.parse(e.config).blocked === true ? 'blocked' : 'open'}:${e.admin_state}`);

const serviceState = (rt: TestRuntime, id: string) => rows(rt, 'SELECT state FROM services WHERE id = ?', id)[0];

const specs = createSpecLibrary(path.resolve(__dirname, '../../../../shared/tmf'));

/** The orders as the TMF641 / TMF652 v4 APIs show them: valid, a suspension being a `modify`. */
async function asTmf(rt: TestRuntime, serviceOrderId: string) {
  const order = (await rt.store.ports.serviceInventory.getServiceOrder(serviceOrderId))!;
  const ro = (await rt.store.ports.resourceOrders.search({ serviceOrderIds: [serviceOrderId], offset: 0, limit: 10 }))
    .orders;
  const so641 = specs.load('TMF641-ServiceOrdering-v4.0.0.swagger.json');
  const so = serviceOrderOut(so641, order, ro);
  expect(violations(so641, 'ServiceOrder', so)).toEqual([]);
  const ro652 = specs.load('TMF652-ResourceOrdering-v4.0.0.swagger.json');
  for (const r of ro) {
    const out = resourceOrderOut(ro652, r, []);
    expect(violations(ro652, 'ResourceOrder', out)).toEqual([]);
  }
  return so as { serviceOrderItem: Array<{ action: string; service: { state?: string } }> };
}

async function activeFibre(rt: TestRuntime, name: string) {
  const added = await runServiceOrder(rt, fibreOrder(rt, name, {}));
  expect(added.state).toBe('completed');
  const serviceId = added.serviceId!;
  expect(serviceState(rt, serviceId)).toBe('active');
  const open = elements(rt, serviceId);
  expect(open).toHaveLength(3);
  for (const e of open) expect(e).toMatch(/:open:up$/);
  return { serviceId, open };
}

describe('serviceOrder suspend / resume (1.F.2.2 with 1.F.3.2.2)', () => {
  it('suspends (elements blocked, service inactive), suspends again to no effect, resumes', async () => {
    await withWorkers(async (rt) => {
      const { serviceId, open } = await activeFibre(rt, 'fibre');

      const suspend = fibreOrder(rt, 'suspend', { action: 'suspend', serviceId });
      const suspended = await runServiceOrder(rt, suspend);
      expect(suspended).toMatchObject({ state: 'completed', serviceId, reason: null });
      expect(serviceState(rt, serviceId)).toBe('inactive');
      expect(rows(rt, 'SELECT activated_at IS NOT NULL FROM services WHERE id = ?', serviceId)).toEqual([1]);
      expect(elements(rt, serviceId)).toEqual(open.map((e) => e.replace(':open:up', ':blocked:down')));
      expect(orderState(rt, 'service_orders', suspend.serviceOrderId)).toBe('suspend:completed');
      expect(orderState(rt, 'resource_orders', `${suspend.serviceOrderId}/RO`)).toBe('suspend:completed');
      expect(
        rows(
          rt,
          'SELECT COUNT(*) FROM resource_order_items WHERE resource_order_id = ?',
          `${suspend.serviceOrderId}/RO`,
        ),
      ).toEqual([3]);
      expect((await asTmf(rt, suspend.serviceOrderId)).serviceOrderItem[0]).toMatchObject({
        action: 'modify',
        service: { state: 'inactive' },
      });
      const ran = (await traceProcesses(rt.client, suspend.serviceOrderId)).map((p) => p.etomId);
      expect(ran).toEqual(expect.arrayContaining(['1.F.2.2.1', '1.F.3.2.2', '1.F.2.2.6']));

      // Idempotent: a suspended service suspended again changes nothing, and no resource order runs.
      const again = fibreOrder(rt, 'suspend-again', { action: 'suspend', serviceId });
      expect(await runServiceOrder(rt, again)).toMatchObject({ state: 'completed', resourceIds: [] });
      expect(rows(rt, 'SELECT COUNT(*) FROM resource_orders WHERE id = ?', `${again.serviceOrderId}/RO`)).toEqual([0]);
      expect(serviceState(rt, serviceId)).toBe('inactive');

      const resume = fibreOrder(rt, 'resume', { action: 'resume', serviceId });
      expect(await runServiceOrder(rt, resume)).toMatchObject({ state: 'completed', serviceId });
      expect(serviceState(rt, serviceId)).toBe('active');
      expect(elements(rt, serviceId)).toEqual(open);
      expect(orderState(rt, 'resource_orders', `${resume.serviceOrderId}/RO`)).toBe('resume:completed');
      expect(rows(rt, 'SELECT passed FROM service_tests WHERE service_order_id = ?', resume.serviceOrderId)).toEqual([
        1,
      ]);
      const history = rows(
        rt,
        "SELECT to_state FROM service_state_history WHERE entity = 'service' AND entity_id = ? ORDER BY seq",
        serviceId,
      );
      expect(history.slice(-2)).toEqual(['inactive', 'active']);
    });
  });

  it('a suspension one element refuses part-way: the others unblocked again, service active, order failed', async () => {
    await withWorkers(async (rt) => {
      const { serviceId, open } = await activeFibre(rt, 'fibre-f');
      // The port is blocked first; the last element refuses: the port must be opened again.
      const last = open.at(-1)!.split(':')[0]!;
      const port = rows(rt, "SELECT id FROM resources WHERE service_id = ? AND resource_type = 'port'", serviceId)[0];
      expect(last).not.toBe(port);
      injectFault(rt.store.db, last, 'configure', UNTIL_REPAIRED);

      const suspend = fibreOrder(rt, 'suspend-f', { action: 'suspend', serviceId });
      const out = await runServiceOrder(rt, suspend);
      expect(out.state).toBe('failed');
      expect(out.reason).toMatch(/refused the configuration/);
      expect(serviceState(rt, serviceId)).toBe('active');
      expect(elements(rt, serviceId)).toEqual(open);
      expect(orderState(rt, 'service_orders', suspend.serviceOrderId)).toBe('suspend:failed');
      expect(orderState(rt, 'resource_orders', `${suspend.serviceOrderId}/RO`)).toBe('suspend:failed');
      // The port went down and came back: the element's history shows both.
      const events = (await rt.client.workflow.getHandle(`${suspend.serviceOrderId}/RO`).fetchHistory()).events ?? [];
      const blocks = events.filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'configureAndActivateResource',
      );
      expect(blocks).toHaveLength(2);
    });
  });

  it('a resumption whose end-to-end test fails: elements blocked again, service still suspended', async () => {
    await withWorkers(async (rt) => {
      const { serviceId, open } = await activeFibre(rt, 'fibre-r');
      const suspend = fibreOrder(rt, 'suspend-r', { action: 'suspend', serviceId });
      expect((await runServiceOrder(rt, suspend)).state).toBe('completed');
      const blocked = elements(rt, serviceId);
      expect(blocked).toEqual(open.map((e) => e.replace(':open:up', ':blocked:down')));

      injectFault(rt.store.db, serviceId, 'testService', 1);
      const resume = fibreOrder(rt, 'resume-r', { action: 'resume', serviceId });
      const out = await runServiceOrder(rt, resume);
      expect(out.state).toBe('failed');
      expect(out.reason).toMatch(/end-to-end test/);
      expect(serviceState(rt, serviceId)).toBe('inactive');
      expect(elements(rt, serviceId)).toEqual(blocked);
      expect(orderState(rt, 'service_orders', resume.serviceOrderId)).toBe('resume:failed');
      expect(orderState(rt, 'resource_orders', `${resume.serviceOrderId}/RO`)).toBe('resume:completed');
      expect(orderState(rt, 'resource_orders', `${resume.serviceOrderId}/RO-undo`)).toBe('suspend:completed');
      const ran = (await traceProcesses(rt.client, resume.serviceOrderId)).map((p) => p.etomId);
      expect(ran).toContain('1.F.2.2.5');
    });
  });
});
