import { describe, expect, it } from 'vitest';
import { BillingTimings } from '../../../src/domain/billing/billing';
import { injectFault, UNTIL_REPAIRED } from '../../../src/simulators/network';
import type { billCollection } from '../../../workflows/crm/billing-collections-management';
import { getCollectionQuery, paymentReceivedSignal } from '../../../workflows/shared/billing-messages';
import { eventually, OFFERS, orderFor, submit } from '../../support/fulfilment';
import { type TestRuntime, withWorkers } from '../../support/runtime';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
interface Held {
  customerId: string;
  product: string;
  service: string;
}
/** CUST-1006's voice line: one service, on its voice port. */
const VOICE: Held = { customerId: 'CUST-1006', product: 'PRD-IB05', service: 'SVC-IB05-1' };
/** CUST-1002's VPN site: one service, on its supplied access circuit and a VLAN. */
const VPN: Held = { customerId: 'CUST-1002', product: 'PRD-IB06', service: 'SVC-IB06-1' };

/** The customer's bill for the last 30 days, issued and due now (set up through the billing port), in collection. */
async function unpaidBill(rt: TestRuntime, held: Held) {
  const { ports, db } = rt.store;
  const account = db
    .prepare('SELECT billing_account_id FROM products WHERE id = ?')
    .pluck()
    .get(held.product) as string;
  const now = Date.now();
  await ports.billing.openBillRun('run', { billRunId: 'RUN-T', periodStart: iso(now - 30 * DAY), periodEnd: iso(now) });
  const draft = await ports.billing.draftBill('draft', { billRunId: 'RUN-T', billingAccountId: account, credits: [] });
  const bill = await ports.billing.issueBill('issue', { billId: draft.id, dueAt: iso(now) });
  const handle = await rt.client.workflow.start<typeof billCollection>('billCollection', {
    taskQueue: rt.queue('crm'),
    workflowId: `billCollection/${rt.id('RUN-T')}/${bill.id}`,
    args: [
      {
        billId: bill.id,
        customerId: held.customerId,
        totalMinor: bill.totalMinor,
        timings: BillingTimings.parse({
          paymentTerm: '1 second',
          dunningInterval: '500 ms',
          suspensionWait: '5 minutes',
        }),
      },
    ],
  });
  return { account, bill, handle };
}

/** What the inventories hold of the product: its service, elements, status, account, charge periods. */
function snapshot(rt: TestRuntime, held: Held, account: string) {
  const { db } = rt.store;
  return {
    service: db.prepare('SELECT state FROM services WHERE id = ?').pluck().get(held.service),
    elements: (
      db
        .prepare(
          'SELECT resource_id, config, admin_state FROM network_configuration WHERE service_id = ? ORDER BY resource_id',
        )
        .all(held.service) as Array<{ resource_id: string; config: string; admin_state: string }>
    ).map((e) => ({ id: e.resource_id, blocked: JSON.parse(e.config).blocked === true, adminState: e.admin_state })),
    product: db.prepare('SELECT status FROM products WHERE id = ?').pluck().get(held.product),
    account: db.prepare('SELECT status FROM billing_accounts WHERE id = ?').pluck().get(account),
    periods: db
      .prepare(
        'SELECT status, valid_to IS NULL AS open FROM product_charge_periods WHERE product_id = ? ORDER BY valid_from',
      )
      .all(held.product),
  };
}

/** The child workflows the collection started, by id (the SM&O service orders). */
async function children(rt: TestRuntime, workflowId: string) {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return history
    .events!.filter((e) => e.childWorkflowExecutionStartedEventAttributes)
    .map((e) => e.childWorkflowExecutionStartedEventAttributes!.workflowExecution!.workflowId!);
}

describe('dunning suspends the services through SM&O and payment resumes them (1.B.1.8.5, #12)', () => {
  it('suspends the service of the unpaid product with a service order, blocks its element, and resumes it once paid', async () => {
    await withWorkers(
      async (rt) => {
        const { account, bill, handle } = await unpaidBill(rt, VOICE);
        const before = snapshot(rt, VOICE, account);
        expect(before.service).toBe('active');
        expect(before.elements).toEqual([{ id: 'VPORT-PAR-1-1', blocked: false, adminState: 'up' }]);

        await eventually(
          async () => (await handle.query(getCollectionQuery)).state === 'suspended',
          'the suspension',
          120_000,
        );
        // TMF638 v4 has no 'suspended': the service is inactive, its port blocked and down.
        expect(snapshot(rt, VOICE, account)).toEqual({
          service: 'inactive',
          elements: [{ id: 'VPORT-PAR-1-1', blocked: true, adminState: 'down' }],
          product: 'suspended',
          account: 'suspended',
          periods: [
            { status: 'active', open: 0 },
            { status: 'suspended', open: 1 },
          ],
        });
        const suspendId = `${handle.workflowId}.suspend.${VOICE.service}`;
        expect((await handle.query(getCollectionQuery)).serviceOrders).toEqual([
          { serviceOrderId: suspendId, serviceId: VOICE.service, action: 'suspend', state: 'completed' },
        ]);
        expect(await children(rt, handle.workflowId)).toEqual([suspendId]);
        expect(
          rt.store.db.prepare('SELECT action, state, service_id FROM service_orders WHERE id = ?').get(suspendId),
        ).toEqual({
          action: 'suspend',
          state: 'completed',
          service_id: VOICE.service,
        });

        await handle.signal(paymentReceivedSignal, { amountMinor: bill.totalMinor, reference: 'PAY-LATE' });
        const done = await handle.result();
        expect(done).toMatchObject({
          state: 'restored',
          outstandingMinor: 0,
          suspendedProducts: [VOICE.product],
          failure: null,
        });
        const resumeId = `${handle.workflowId}.resume.${VOICE.service}`;
        expect(done.serviceOrders[1]).toEqual({
          serviceOrderId: resumeId,
          serviceId: VOICE.service,
          action: 'resume',
          state: 'completed',
        });
        expect(await children(rt, handle.workflowId)).toEqual([suspendId, resumeId]);
        expect(snapshot(rt, VOICE, account)).toEqual({
          ...before,
          periods: [
            { status: 'active', open: 0 },
            { status: 'suspended', open: 0 },
            { status: 'active', open: 1 },
          ],
        });
      },
      { installedBase: true },
    );
  }, 240_000);

  it('leaves the service, the product and the account as before when the suspend order fails part-way', async () => {
    await withWorkers(
      async (rt) => {
        const { account, bill, handle } = await unpaidBill(rt, VPN);
        const before = snapshot(rt, VPN, account);
        expect(before.elements.map((e) => e.id)).toEqual(['AC-MRS-ALPHA-IB06', 'VLAN-MRS-100']);
        // The VLAN refuses its configuration: the circuit is blocked first, then the order fails.
        injectFault(rt.store.db, 'VLAN-MRS-100', 'configure', UNTIL_REPAIRED);

        const failed = await eventually(
          async () => {
            const v = await handle.query(getCollectionQuery);
            return v.failure !== null && v;
          },
          'the suspension to fail',
          120_000,
        );
        expect(failed).toMatchObject({ state: 'dunning', suspendedProducts: [] });
        expect(failed.failure).toContain(`suspend of ${VPN.service}`);
        expect(failed.serviceOrders.map((o) => [o.serviceId, o.action, o.state])).toEqual([
          [VPN.service, 'suspend', 'failed'],
        ]);
        // SM&O and RM&O put back what they had done: every record is as before.
        expect(snapshot(rt, VPN, account)).toEqual(before);
        expect(
          rt.store.db
            .prepare("SELECT COUNT(*) FROM dunning_steps WHERE bill_id = ? AND action = 'suspension'")
            .pluck()
            .get(bill.id),
        ).toBe(0);

        await handle.signal(paymentReceivedSignal, { amountMinor: bill.totalMinor, reference: 'PAY-LATE' });
        expect(await handle.result()).toMatchObject({ state: 'paid', outstandingMinor: 0, suspendedProducts: [] });
        expect(snapshot(rt, VPN, account)).toEqual(before);
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
        const LINE2: Held = { ...VOICE, product: second.id, service: (JSON.parse(second.service_ids) as string[])[0]! };
        const { account, bill, handle } = await unpaidBill(rt, VOICE);
        const before = [snapshot(rt, VOICE, account), snapshot(rt, LINE2, account)];
        expect(before[1]!.elements.length).toBeGreaterThan(0);
        expect(before[1]!.elements.map((e) => e.id)).not.toContain('VPORT-PAR-1-1');
        // The first line's port refuses its configuration: its suspension fails, the second line's does not.
        injectFault(db, 'VPORT-PAR-1-1', 'configure', UNTIL_REPAIRED);

        const failed = await eventually(
          async () => {
            const v = await handle.query(getCollectionQuery);
            return v.serviceOrders.length === 3 && v.serviceOrders.every((o) => o.state !== 'inProgress') && v;
          },
          'the second line to be resumed',
          120_000,
        );
        expect(failed).toMatchObject({ state: 'dunning', suspendedProducts: [] });
        expect(failed.failure).toContain(`suspend of ${VOICE.service}`);
        expect(failed.serviceOrders.map((o) => [o.serviceOrderId, o.state]).sort()).toEqual(
          [
            [`${handle.workflowId}.suspend.${VOICE.service}`, 'failed'],
            [`${handle.workflowId}.suspend.${LINE2.service}`, 'completed'],
            [`${handle.workflowId}.resume.${LINE2.service}`, 'completed'],
          ].sort(),
        );
        expect(await children(rt, handle.workflowId)).toHaveLength(3);
        // Both lines, their ports, the products and the account are as before.
        expect([snapshot(rt, VOICE, account), snapshot(rt, LINE2, account)]).toEqual(before);

        await handle.signal(paymentReceivedSignal, { amountMinor: bill.totalMinor, reference: 'PAY-LATE' });
        expect(await handle.result()).toMatchObject({ state: 'paid', suspendedProducts: [] });
      },
      { installedBase: true },
    );
  }, 300_000);
});
