import type { WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import { BillingTimings } from '../../src/domain/billing/billing';
import type { billCollection } from '../../workflows/crm/billing-collections-management';
import { getCollectionQuery, paymentReceivedSignal } from '../../workflows/shared/billing-messages';
import { eventually } from './fulfilment';
import type { TestRuntime } from './runtime';

/**
 * What the dunning tests (#12: dunning suspends through SM&O, payment resumes) share: a product
 * of the installed base, its bill left unpaid in collection, and what the inventories hold of it.
 */

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A product of the installed base, and the services it runs on. */
export interface Held {
  customerId: string;
  product: string;
  services: string[];
}

/**
 * The customer's bill for the last 30 days, issued and due now (set up through the billing port),
 * in collection with short terms: dunning starts within a second, the suspension soon after.
 */
export async function unpaidBill(rt: TestRuntime, held: Held) {
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
  /** The customer pays the whole bill, late. */
  const pay = () => handle.signal(paymentReceivedSignal, { amountMinor: bill.totalMinor, reference: 'PAY-LATE' });
  return { account, bill, handle, pay };
}

/** Waits until dunning has suspended the account's products (generous bound: the suspension wait is short). */
export const untilSuspended = (handle: WorkflowHandle<typeof billCollection>) =>
  eventually(async () => (await handle.query(getCollectionQuery)).state === 'suspended', 'the suspension', 120_000);

/**
 * Waits until a failed suspension is put back: the collection names its failure and no service
 * order of it is still running (at least `orders` of them started, the resumes included).
 */
export const untilSuspensionPutBack = (handle: WorkflowHandle<typeof billCollection>, orders = 1) =>
  eventually(
    async () => {
      const v = await handle.query(getCollectionQuery);
      const settled = v.serviceOrders.length >= orders && v.serviceOrders.every((o) => o.state !== 'inProgress');
      return v.failure !== null && settled && v;
    },
    'the failed suspension to be put back',
    120_000,
  );

/** After a failed suspension: the suspension left no step, and a payment in full closes the bill, every record as `before`. */
export async function expectPaidAsBefore(
  rt: TestRuntime,
  held: Held,
  collection: Awaited<ReturnType<typeof unpaidBill>>,
  before: ReturnType<typeof snapshot>,
) {
  expect(suspensionSteps(rt, collection.bill.id)).toBe(0);
  await collection.pay();
  expect(await collection.handle.result()).toMatchObject({ state: 'paid', outstandingMinor: 0, suspendedProducts: [] });
  expect(snapshot(rt, held, collection.account)).toEqual(before);
}

/** A product's charge periods: suspended from the suspension on, and active again from the payment. */
export const PERIODS = {
  suspended: [
    { status: 'active', open: 0 },
    { status: 'suspended', open: 1 },
  ],
  restored: [
    { status: 'active', open: 0 },
    { status: 'suspended', open: 0 },
    { status: 'active', open: 1 },
  ],
};

/** What the inventories hold of the product: its services, their elements, its status, account, charge periods. */
export function snapshot(rt: TestRuntime, held: Held, account: string) {
  const { db } = rt.store;
  const among = held.services.map(() => '?').join(', ');
  return {
    services: db.prepare(`SELECT id, state FROM services WHERE id IN (${among}) ORDER BY id`).all(...held.services),
    elements: (
      db
        .prepare(
          `SELECT resource_id, config, admin_state FROM network_configuration WHERE service_id IN (${among})
           ORDER BY resource_id`,
        )
        .all(...held.services) as Array<{ resource_id: string; config: string; admin_state: string }>
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

/** The suspension's steps recorded for a bill: none once a failed one was put back. */
export const suspensionSteps = (rt: TestRuntime, billId: string) =>
  rt.store.db
    .prepare("SELECT COUNT(*) FROM dunning_steps WHERE bill_id = ? AND action = 'suspension'")
    .pluck()
    .get(billId);

/** The child workflows the collection started, by id (the SM&O service orders). */
export async function children(rt: TestRuntime, workflowId: string) {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return history
    .events!.filter((e) => e.childWorkflowExecutionStartedEventAttributes)
    .map((e) => e.childWorkflowExecutionStartedEventAttributes!.workflowExecution!.workflowId!);
}

/** The activity types a workflow scheduled, from its history. */
export async function activities(rt: TestRuntime, workflowId: string) {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return history
    .events!.filter((e) => e.activityTaskScheduledEventAttributes)
    .map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name!);
}
