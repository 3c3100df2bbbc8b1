import { describe, expect, it } from 'vitest';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import { getCollectionQuery } from '../../../workflows/shared/billing-messages';
import {
  children,
  type Held,
  PERIODS,
  snapshot,
  expectPaidAsBefore,
  unpaidBill,
  untilSuspended,
  untilSuspensionPutBack,
} from '../../support/dunning';
import { OFFERS, orderFor, submit } from '../../support/fulfilment';
import { withWorkers } from '../../support/runtime';

/** CUST-1006's voice line: one service, on its voice port. */
const VOICE: Held = { customerId: 'CUST-1006', product: 'PRD-IB05', services: ['SVC-IB05-1'] };
/** CUST-1002's VPN site: one service, on its supplied access circuit and a VLAN. */
const VPN: Held = { customerId: 'CUST-1002', product: 'PRD-IB06', services: ['SVC-IB06-1'] };
const serviceOf = (held: Held) => held.services[0]!;

describe('dunning suspends the services through SM&O and payment resumes them (1.B.1.8.5, #12)', () => {
  it('suspends the service of the unpaid product with a service order, blocks its element, and resumes it once paid', async () => {
    await withWorkers(
      async (rt) => {
        const { account, handle, pay } = await unpaidBill(rt, VOICE);
        const before = snapshot(rt, VOICE, account);
        expect(before.services).toEqual([{ id: serviceOf(VOICE), state: 'active' }]);
        expect(before.elements).toEqual([{ id: 'VPORT-PAR-1-1', blocked: false, adminState: 'up' }]);

        await untilSuspended(handle);
        // TMF638 v4 has no 'suspended': the service is inactive, its port blocked and down.
        expect(snapshot(rt, VOICE, account)).toEqual({
          services: [{ id: serviceOf(VOICE), state: 'inactive' }],
          elements: [{ id: 'VPORT-PAR-1-1', blocked: true, adminState: 'down' }],
          product: 'suspended',
          account: 'suspended',
          periods: PERIODS.suspended,
        });
        const suspendId = `${handle.workflowId}.suspend.${serviceOf(VOICE)}`;
        expect((await handle.query(getCollectionQuery)).serviceOrders).toEqual([
          { serviceOrderId: suspendId, serviceId: serviceOf(VOICE), action: 'suspend', state: 'completed' },
        ]);
        expect(await children(rt, handle.workflowId)).toEqual([suspendId]);
        expect(
          rt.store.db.prepare('SELECT action, state, service_id FROM service_orders WHERE id = ?').get(suspendId),
        ).toEqual({
          action: 'suspend',
          state: 'completed',
          service_id: serviceOf(VOICE),
        });

        await pay();
        const done = await handle.result();
        expect(done).toMatchObject({
          state: 'restored',
          outstandingMinor: 0,
          suspendedProducts: [VOICE.product],
          failure: null,
        });
        const resumeId = `${handle.workflowId}.resume.${serviceOf(VOICE)}`;
        expect(done.serviceOrders[1]).toEqual({
          serviceOrderId: resumeId,
          serviceId: serviceOf(VOICE),
          action: 'resume',
          state: 'completed',
        });
        expect(await children(rt, handle.workflowId)).toEqual([suspendId, resumeId]);
        expect(snapshot(rt, VOICE, account)).toEqual({
          ...before,
          periods: PERIODS.restored,
        });
      },
      { installedBase: true },
    );
  }, 240_000);

  it('leaves the service, the product and the account as before when the suspend order fails part-way', async () => {
    await withWorkers(
      async (rt) => {
        const collection = await unpaidBill(rt, VPN);
        const before = snapshot(rt, VPN, collection.account);
        expect(before.elements.map((e) => e.id)).toEqual(['AC-MRS-ALPHA-IB06', 'VLAN-MRS-100']);
        // The VLAN refuses its configuration: the circuit is blocked first, then the order fails.
        injectFault(rt.store.db, 'VLAN-MRS-100', 'configure', UNTIL_REPAIRED);

        const failed = await untilSuspensionPutBack(collection.handle);
        expect(failed).toMatchObject({ state: 'dunning', suspendedProducts: [] });
        expect(failed.failure).toContain(`suspend of ${serviceOf(VPN)}`);
        expect(failed.serviceOrders.map((o) => [o.serviceId, o.action, o.state])).toEqual([
          [serviceOf(VPN), 'suspend', 'failed'],
        ]);
        // SM&O and RM&O put back what they had done: every record is as before.
        expect(snapshot(rt, VPN, collection.account)).toEqual(before);
        await expectPaidAsBefore(rt, VPN, collection, before);
      },
      { installedBase: true },
    );
  }, 240_000);

  it('resumes the services it had suspended when another suspend order of the account fails: all or nothing', async () => {
    await withWorkers(
      async (rt) => {
        // CUST-1006 takes a second line: the account now holds two services, each on its own port.
        const order = await submit(rt, orderFor(rt, 'line2', OFFERS.voice));
        expect((await order.result()).state).toBe('completed');
        const { db } = rt.store;
        const second = db
          .prepare("SELECT id, service_ids FROM products WHERE customer_id = 'CUST-1006' AND id <> ?")
          .get(VOICE.product) as { id: string; service_ids: string };
        const LINE2: Held = { ...VOICE, product: second.id, services: JSON.parse(second.service_ids) as string[] };
        const { account, handle, pay } = await unpaidBill(rt, VOICE);
        const before = [snapshot(rt, VOICE, account), snapshot(rt, LINE2, account)];
        expect(before[1]!.elements.length).toBeGreaterThan(0);
        expect(before[1]!.elements.map((e) => e.id)).not.toContain('VPORT-PAR-1-1');
        // The first line's port refuses its configuration: its suspension fails, the second line's does not.
        injectFault(db, 'VPORT-PAR-1-1', 'configure', UNTIL_REPAIRED);

        // Put back once the second line is resumed: three service orders, none running.
        const failed = await untilSuspensionPutBack(handle, 3);
        expect(failed).toMatchObject({ state: 'dunning', suspendedProducts: [] });
        expect(failed.failure).toContain(`suspend of ${serviceOf(VOICE)}`);
        expect(failed.serviceOrders.map((o) => [o.serviceOrderId, o.state]).sort()).toEqual(
          [
            [`${handle.workflowId}.suspend.${serviceOf(VOICE)}`, 'failed'],
            [`${handle.workflowId}.suspend.${serviceOf(LINE2)}`, 'completed'],
            [`${handle.workflowId}.resume.${serviceOf(LINE2)}`, 'completed'],
          ].sort(),
        );
        expect(await children(rt, handle.workflowId)).toHaveLength(3);
        // Both lines, their ports, the products and the account are as before.
        expect([snapshot(rt, VOICE, account), snapshot(rt, LINE2, account)]).toEqual(before);

        await pay();
        expect(await handle.result()).toMatchObject({ state: 'paid', suspendedProducts: [] });
      },
      { installedBase: true },
    );
  }, 300_000);
});
