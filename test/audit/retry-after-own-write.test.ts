import { ApplicationFailure } from '@temporalio/activity';
import { describe, expect, it } from 'vitest';
import { createCustomerInterfaceManagementActivities } from '../../activities/crm/customer-interface-management';
import { createServiceConfigurationActivationActivities } from '../../activities/smo/service-configuration-activation';
import { TransientErrorType, TransientFault } from '../../src/contracts/errors';
import type { Ports } from '../../src/ports';
import { useTestStore } from '../support/store';

const t = useTestStore('2026-03-02T09:00:00.000Z');

/**
 * The ports, with one call of one port failing once: before the call (`when: 'before'`, so the
 * attempt's earlier writes stand and this one is not made) or after it (made, its answer lost).
 */
function failingOnce<K extends keyof Ports>(port: K, method: string, when: 'before' | 'after'): Ports {
  let failed = false;
  const real = t.store.ports[port] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const wrapped = new Proxy(real, {
    get(target, prop) {
      const fn = target[prop as string];
      if (prop !== method || typeof fn !== 'function') return fn;
      return async (...args: unknown[]) => {
        const fault = new TransientFault(TransientErrorType.SystemUnavailable, `${port}.${method} did not answer`);
        if (failed) return fn.apply(target, args);
        failed = true;
        if (when === 'before') throw fault;
        await fn.apply(target, args);
        throw fault;
      };
    },
  });
  return { ...t.store.ports, [port]: wrapped };
}

/** One activity execution: its attempts share the idempotency key, as Temporal's retries do. */
const KEY = { idempotencyKey: 'wf/run/activity-7' };

describe('retries that find their own write (#16)', () => {
  it('1.F.2.2.1 designSolution: an attempt that stored the design but failed before putting the order in progress is finished by its retry', async () => {
    const order = {
      serviceOrderId: 'ORD-1/1/CFS-FIBRE-ACCESS',
      productOrderId: 'ORD-1',
      itemId: '1',
      customerId: 'CUST-1001',
      region: 'PAR',
      cfsSpecId: 'CFS-FIBRE-ACCESS',
      characteristics: { bandwidthMbps: 1000 },
    };
    const plan = await createServiceConfigurationActivationActivities(t.store.ports).designSolution({
      action: 'plan',
      cfsSpecId: order.cfsSpecId,
    });
    if (plan.action !== 'plan') throw new Error('expected a plan');
    const availability = await t.store.ports.resourceInventory.checkAvailability('PAR', plan.resourceNeeds);
    const input = { action: 'design' as const, order, resourceOrderId: `${order.serviceOrderId}/RO`, availability };
    const flaky = createServiceConfigurationActivationActivities(
      failingOnce('serviceInventory', 'transitionServiceOrder', 'before'),
    );
    const first = await flaky.designSolution(input, KEY).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ApplicationFailure);
    expect((first as ApplicationFailure).type).toBe('SystemUnavailable');
    expect(
      t.one('SELECT state, service_id IS NOT NULL AS designed FROM service_orders WHERE id = ?', order.serviceOrderId),
    ).toEqual({
      state: 'acknowledged',
      designed: 1,
    });

    const retry = await flaky.designSolution(input, KEY);
    expect(retry.action).toBe('design');
    expect(t.one('SELECT state, service_id FROM service_orders WHERE id = ?', order.serviceOrderId)).toEqual({
      state: 'inProgress',
      service_id: retry.action === 'design' ? retry.serviceId : null,
    });
    expect(t.count('SELECT COUNT(*) FROM services WHERE service_order_id = ?', order.serviceOrderId)).toBe(1);
  });

  it('1.FAB.1.2.2 manageRequest: a progress whose answer was lost is done on its retry, not refused', async () => {
    const cim = createCustomerInterfaceManagementActivities(t.store.ports);
    const contact = await cim.manageContact({
      action: 'open',
      customerId: 'CUST-1001',
      channel: 'web',
      reason: 'order',
      summary: 'orders a line',
    });
    const received = await cim.manageRequest({
      action: 'receive',
      contactId: contact.id,
      customerId: 'CUST-1001',
      requestType: 'productOrder',
      payload: { offering: 'PO-FIBRE-BIZ' },
    });
    const flaky = createCustomerInterfaceManagementActivities(
      failingOnce('customerManagement', 'updateRequest', 'after'),
    );
    const input = {
      action: 'progress' as const,
      requestId: received.request.id,
      status: 'closed' as const,
      reference: 'PO-1',
    };
    await expect(flaky.manageRequest(input, KEY)).rejects.toMatchObject({ type: 'SystemUnavailable' });
    const retry = await flaky.manageRequest(input, KEY);
    expect(retry.request).toMatchObject({ id: received.request.id, status: 'closed' });
    expect(t.one('SELECT status, reference FROM customer_requests WHERE id = ?', received.request.id)).toEqual({
      status: 'closed',
      reference: 'PO-1',
    });
  });
});
