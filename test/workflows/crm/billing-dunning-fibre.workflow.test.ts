import { describe, expect, it } from 'vitest';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { getCollectionQuery } from '../../../workflows/shared/billing-messages';
import {
  activities,
  children,
  type Held,
  PERIODS,
  snapshot,
  expectPaidAsBefore,
  unpaidBill,
  untilSuspended,
  untilSuspensionPutBack,
} from '../../support/dunning';
import { withWorkers } from '../../support/runtime';

/** CUST-1001's fibre: the access (SVC-IB01-1, its elements) and the static IP range beside it. */
const FIBRE: Held = { customerId: 'CUST-1001', product: 'PRD-IB01', services: ['SVC-IB01-1', 'SVC-IB01-2'] };
const SERVICES = FIBRE.services;

describe('dunning suspends the services through SM&O and payment resumes them (1.B.1.8.5, #12)', () => {
  it('suspends each service of the unpaid products with a service order, blocks their elements, and resumes them once paid', async () => {
    await withWorkers(
      async (rt) => {
        const { account, handle, pay } = await unpaidBill(rt, FIBRE);
        const before = snapshot(rt, FIBRE, account);
        expect(before.services).toEqual(SERVICES.map((id) => ({ id, state: 'active' })));
        expect(before.elements.every((e) => !e.blocked && e.adminState === 'up')).toBe(true);

        await untilSuspended(handle);
        const suspended = snapshot(rt, FIBRE, account);
        expect(suspended.services).toEqual(SERVICES.map((id) => ({ id, state: 'inactive' })));
        expect(suspended.elements.length).toBeGreaterThan(0);
        expect(suspended.elements.every((e) => e.blocked && e.adminState === 'down')).toBe(true);
        expect(suspended).toMatchObject({
          product: 'suspended',
          account: 'suspended',
          periods: PERIODS.suspended,
        });
        const view = await handle.query(getCollectionQuery);
        const suspendIds = SERVICES.map((s) => `${handle.workflowId}.suspend.${s}`);
        expect(view.serviceOrders).toEqual(
          SERVICES.map((s, i) => ({
            serviceOrderId: suspendIds[i],
            serviceId: s,
            action: 'suspend',
            state: 'completed',
          })),
        );
        expect(await children(rt, handle.workflowId)).toEqual(expect.arrayContaining(suspendIds));
        expect(
          rt.store.db.prepare('SELECT action, state FROM service_orders WHERE id IN (?, ?)').all(...suspendIds),
        ).toEqual([
          { action: 'suspend', state: 'completed' },
          { action: 'suspend', state: 'completed' },
        ]);

        await pay();
        const done = await handle.result();
        expect(done).toMatchObject({
          state: 'restored',
          outstandingMinor: 0,
          suspendedProducts: ['PRD-IB01'],
          failure: null,
        });
        const resumeIds = SERVICES.map((s) => `${handle.workflowId}.resume.${s}`);
        expect(done.serviceOrders.filter((o) => o.action === 'resume')).toEqual(
          SERVICES.map((s, i) => ({
            serviceOrderId: resumeIds[i],
            serviceId: s,
            action: 'resume',
            state: 'completed',
          })),
        );
        // The services' orders run side by side: which child starts first is not fixed.
        expect((await children(rt, handle.workflowId)).sort()).toEqual([...suspendIds, ...resumeIds].sort());
        // SVC-IB01-2 (the static IP range) no element carries: resumed in the inventory alone, not tested.
        expect(await activities(rt, resumeIds[1]!)).not.toContain('testServiceEndToEnd');
        expect(await activities(rt, resumeIds[0]!)).toContain('testServiceEndToEnd');
        expect(
          rt.store.db
            .prepare('SELECT action, state FROM service_orders WHERE id IN (?, ?) ORDER BY id')
            .all(...resumeIds),
        ).toEqual([
          { action: 'resume', state: 'completed' },
          { action: 'resume', state: 'completed' },
        ]);
        const after = snapshot(rt, FIBRE, account);
        expect(after.services).toEqual(before.services);
        expect(after.elements).toEqual(before.elements);
        expect(after).toMatchObject({
          product: 'active',
          account: 'active',
          periods: PERIODS.restored,
        });
      },
      { installedBase: true },
    );
  }, 240_000);

  it('leaves the services, the product and the account as before when a suspend order fails part-way', async () => {
    await withWorkers(
      async (rt) => {
        const collection = await unpaidBill(rt, FIBRE);
        const before = snapshot(rt, FIBRE, collection.account);
        // The CPE refuses its configuration: SVC-IB01-1's suspend fails after its port is blocked.
        injectFault(rt.store.db, 'CPE-PAR-1', 'configure', UNTIL_REPAIRED);

        const failed = await untilSuspensionPutBack(collection.handle);
        expect(failed.state).toBe('dunning');
        expect(failed.failure).toContain('suspend of SVC-IB01-1');
        expect(failed.suspendedProducts).toEqual([]);
        // SVC-IB01-2 was suspended: it is resumed, so every service is as before.
        expect(failed.serviceOrders.map((o) => [o.serviceId, o.action, o.state])).toEqual([
          ['SVC-IB01-1', 'suspend', 'failed'],
          ['SVC-IB01-2', 'suspend', 'completed'],
          ['SVC-IB01-2', 'resume', 'completed'],
        ]);
        expect(snapshot(rt, FIBRE, collection.account)).toEqual(before);
        await expectPaidAsBefore(rt, FIBRE, collection, before);
      },
      { installedBase: true },
    );
  }, 240_000);
});
