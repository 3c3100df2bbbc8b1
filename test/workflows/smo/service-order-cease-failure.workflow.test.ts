import { describe, expect, it } from 'vitest';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { type TestRuntime, withWorkers } from '../../support/runtime';
import { fibreOrder, orderState, rows, runServiceOrder } from './service-change-support';

/**
 * A cease (service order `delete`) that RM&O cannot take back: the stored order closes failed
 * (TMF641), and the service, its resources, its identifiers and its elements stay as they were.
 */

/** What a cease would change: the service, its elements, its resources and its identifiers. */
const snapshot = (rt: TestRuntime, serviceId: string) => ({
  service: rows(rt, 'SELECT state FROM services WHERE id = ?', serviceId),
  elements: rows(
    rt,
    "SELECT resource_id || ':' || admin_state FROM network_configuration WHERE service_id = ? ORDER BY resource_id",
    serviceId,
  ),
  resources: rows(
    rt,
    "SELECT id || ':' || state FROM resources WHERE id IN (SELECT resource_id FROM network_configuration WHERE service_id = ?) ORDER BY id",
    serviceId,
  ),
});

describe('serviceOrder delete failing part-way (1.F.2.2 with 1.F.3.2.2)', () => {
  it('an element refusing to be unconfigured: the order closes failed, the service and its resources as before', async () => {
    await withWorkers(async (rt) => {
      const added = await runServiceOrder(rt, fibreOrder(rt, 'fibre', {}));
      expect(added.state).toBe('completed');
      const serviceId = added.serviceId!;
      const before = snapshot(rt, serviceId);
      expect(before.service).toEqual(['active']);
      expect(before.elements).toHaveLength(3);
      // Every element refuses: the first RM&O reaches fails, before any is unconfigured.
      for (const e of before.elements)
        injectFault(rt.store.db, String(e).split(':')[0]!, 'unconfigure', UNTIL_REPAIRED);

      const cease = fibreOrder(rt, 'cease', { action: 'delete', serviceId });
      const out = await runServiceOrder(rt, cease);
      expect(out.state).toBe('failed');
      expect(out.reason).toContain('refused to be unconfigured');
      expect(orderState(rt, 'service_orders', cease.serviceOrderId)).toBe('delete:failed');
      expect(
        rows(
          rt,
          "SELECT to_state FROM service_state_history WHERE entity = 'serviceOrder' AND entity_id = ? ORDER BY seq",
          cease.serviceOrderId,
        ).at(-1),
      ).toBe('failed');
      expect(snapshot(rt, serviceId)).toEqual(before);

      const history = await rt.client.workflow.getHandle(cease.serviceOrderId).fetchHistory();
      const scheduled = history
        .events!.filter((e) => e.activityTaskScheduledEventAttributes)
        .map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name!);
      // The order was closed by 1.F.2.2.6's failChange; no identifier was released.
      expect(scheduled).toContain('activateService');
      expect(scheduled).not.toContain('allocateSpecificServiceParameters');
      expect(history.events!.some((e) => e.markerRecordedEventAttributes)).toBe(true);
    });
  });
});
