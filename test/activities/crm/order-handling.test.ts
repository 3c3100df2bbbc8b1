import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrderHandlingActivities } from '../../../activities/crm/order-handling';
import { createSqliteStore, type SqliteStore } from '../../../src/adapters/sqlite';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';

let store: SqliteStore;
let clock: Date;
let oh: ReturnType<typeof createOrderHandlingActivities>;

beforeEach(() => {
  clock = new Date('2026-03-02T09:00:00.000Z');
  store = createSqliteStore({ filename: ':memory:', clock: () => clock });
  oh = createOrderHandlingActivities(store.ports);
});
afterEach(() => store.close());

const one = (sql: string, ...args: unknown[]) => store.db.prepare(sql).get(...args) as Record<string, unknown>;
const count = (sql: string, ...args: unknown[]) =>
  store.db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

const fibreOrder = (externalId = 'ORD-1', customerId = 'CUST-1001') => ({
  externalId,
  customerId,
  items: [{ id: '1', productOfferingId: 'PO-FIBRE-BIZ', region: 'PAR', characteristics: { bandwidthMbps: 1000 } }],
});

async function receive(externalId = 'ORD-1', customerId = 'CUST-1001') {
  return oh.receivePurchaseOrderAndIssueOrders({
    action: 'receive',
    orderId: externalId,
    contactId: null,
    requestId: null,
    order: fibreOrder(externalId, customerId),
  });
}

describe('1.F.1.5.3 receivePurchaseOrderAndIssueOrders', () => {
  it('validates and records the order, acknowledged, with its charges and decomposition', async () => {
    const out = await receive();
    expect(out.order.state).toBe('acknowledged');
    expect(out.decomposition).toEqual([
      {
        itemId: '1',
        region: 'PAR',
        cfsSpecIds: ['CFS-FIBRE-ACCESS', 'CFS-STATIC-IP'],
        characteristics: { bandwidthMbps: 1000 },
      },
    ]);
    expect(out.request?.timings.reservationHold).toBe(2 * 86_400_000);
    expect(one('SELECT state, one_time_minor, recurring_minor FROM product_orders WHERE id = ?', 'ORD-1')).toEqual({
      state: 'acknowledged',
      one_time_minor: 25_000,
      recurring_minor: 12_900,
    });
    expect(count("SELECT COUNT(*) FROM order_state_history WHERE order_id = 'ORD-1'")).toBe(1);
  });

  it('refuses an unknown offering, writing nothing', async () => {
    const order = { ...fibreOrder(), items: [{ id: '1', productOfferingId: 'PO-TELEPORT', region: 'PAR' }] };
    await expect(
      oh.receivePurchaseOrderAndIssueOrders({
        action: 'receive',
        orderId: 'ORD-1',
        contactId: null,
        requestId: null,
        order,
      }),
    ).rejects.toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(count('SELECT COUNT(*) FROM product_orders')).toBe(0);
  });

  it('refuses an order whose external id is not the order id, and a malformed one', async () => {
    await expect(
      oh.receivePurchaseOrderAndIssueOrders({
        action: 'receive',
        orderId: 'OTHER',
        contactId: null,
        requestId: null,
        order: fibreOrder(),
      }),
    ).rejects.toMatchObject({ type: 'InvalidInput' });
    await expect(
      oh.receivePurchaseOrderAndIssueOrders({
        action: 'receive',
        orderId: 'ORD-1',
        contactId: null,
        requestId: null,
        order: { ...fibreOrder(), items: [] },
      }),
    ).rejects.toMatchObject({ type: 'InvalidInput', message: expect.stringContaining('order.items') });
    expect(count('SELECT COUNT(*) FROM product_orders')).toBe(0);
  });

  it('records one order however often the same receipt is retried', async () => {
    const input = {
      action: 'receive',
      orderId: 'ORD-1',
      contactId: null,
      requestId: null,
      order: fibreOrder(),
    } as const;
    await oh.receivePurchaseOrderAndIssueOrders(input, { idempotencyKey: 'wf/1' });
    await oh.receivePurchaseOrderAndIssueOrders(input, { idempotencyKey: 'wf/1' });
    await oh.receivePurchaseOrderAndIssueOrders(input, { idempotencyKey: 'wf/other' });
    expect(count('SELECT COUNT(*) FROM product_orders')).toBe(1);
    expect(count('SELECT COUNT(*) FROM product_order_items')).toBe(1);
  });

  it('issues one service order per customer-facing service and puts the order in progress', async () => {
    await receive();
    const out = await oh.receivePurchaseOrderAndIssueOrders({
      action: 'issue',
      orderId: 'ORD-1',
      timings: FulfilmentTimings.parse({}),
    });
    expect(out.serviceOrders.map((s) => s.serviceOrderId)).toEqual([
      'ORD-1/1/CFS-FIBRE-ACCESS',
      'ORD-1/1/CFS-STATIC-IP',
    ]);
    expect(out.serviceOrders[0]).toMatchObject({ customerId: 'CUST-1001', region: 'PAR', action: 'add' });
    expect(one("SELECT state FROM product_orders WHERE id = 'ORD-1'")).toEqual({ state: 'inProgress' });
    expect(one("SELECT state, service_order_ids FROM product_order_items WHERE order_id = 'ORD-1'")).toEqual({
      state: 'inProgress',
      service_order_ids: JSON.stringify(['ORD-1/1/CFS-FIBRE-ACCESS', 'ORD-1/1/CFS-STATIC-IP']),
    });
  });
});

describe('1.F.1.5.1 determineCustomerOrderFeasibility', () => {
  it('decides from the service assessments and records the result on the order', async () => {
    await receive();
    const out = await oh.determineCustomerOrderFeasibility({
      orderId: 'ORD-1',
      assessments: [
        {
          itemId: '1',
          cfsSpecId: 'CFS-FIBRE-ACCESS',
          region: 'PAR',
          feasible: true,
          reasons: [],
          supplierComponents: [],
        },
        {
          itemId: '1',
          cfsSpecId: 'CFS-STATIC-IP',
          region: 'PAR',
          feasible: false,
          reasons: ['no /29 left in PAR'],
          supplierComponents: [],
        },
      ],
    });
    expect(out.feasible).toBe(false);
    expect(out.items[0]).toMatchObject({ itemId: '1', feasible: false, reasons: ['no /29 left in PAR'] });
    expect(JSON.parse(String(one("SELECT feasibility FROM product_orders WHERE id = 'ORD-1'").feasibility))).toEqual(
      out,
    );
  });

  it('does not call an item feasible that nobody assessed', async () => {
    await receive();
    const out = await oh.determineCustomerOrderFeasibility({ orderId: 'ORD-1', assessments: [] });
    expect(out.feasible).toBe(false);
  });
});

describe('1.F.1.5.2 authorizeCredit', () => {
  it('authorizes a good payer within its limit', async () => {
    await receive();
    const d = await oh.authorizeCredit({ orderId: 'ORD-1' });
    expect(d).toMatchObject({ authorized: true, depositMinor: 0, exposureMinor: 25_000 + 3 * 12_900 });
    expect(
      JSON.parse(String(one("SELECT credit_decision FROM product_orders WHERE id = 'ORD-1'").credit_decision)),
    ).toEqual(d);
  });

  it('refuses a customer whose debt is more than 60 days late', async () => {
    await receive('ORD-2', 'CUST-1004');
    const d = await oh.authorizeCredit({ orderId: 'ORD-2' });
    expect(d).toMatchObject({ authorized: false, reason: 'debt 95 days past due' });
  });

  it('refuses an exposure above the credit limit', async () => {
    await receive('ORD-3', 'CUST-1003'); // residential, limit 300.00
    const d = await oh.authorizeCredit({ orderId: 'ORD-3' });
    expect(d.authorized).toBe(false);
    expect(d.reason).toMatch(/exceeds credit limit 30000/);
  });

  it('asks a deposit of a middling score', async () => {
    store.db.prepare("UPDATE credit_profiles SET credit_score = 600 WHERE customer_id = 'CUST-1001'").run();
    await receive();
    expect(await oh.authorizeCredit({ orderId: 'ORD-1' })).toMatchObject({ authorized: true, depositMinor: 12_900 });
  });
});

describe('1.F.1.5.4 trackAndManageCustomerOrderHandling', () => {
  it('commits a date from the lead time and says when the order is in jeopardy', async () => {
    await receive();
    const out = await oh.trackAndManageCustomerOrderHandling({
      action: 'commit',
      orderId: 'ORD-1',
      now: clock.toISOString(),
      jeopardyMargin: '1 day',
    });
    expect(out.order.committedDate).toBe('2026-03-12T09:00:00.000Z'); // 10 days lead time
    expect(out.jeopardyAt).toBe('2026-03-11T09:00:00.000Z');
  });

  it('refuses a transition the TMF622 state machine forbids, changing nothing', async () => {
    await receive();
    await expect(
      oh.trackAndManageCustomerOrderHandling({ action: 'order', orderId: 'ORD-1', state: 'completed', reason: null }),
    ).rejects.toMatchObject({ type: 'InvalidStateTransition', nonRetryable: true });
    expect(one("SELECT state FROM product_orders WHERE id = 'ORD-1'")).toEqual({ state: 'acknowledged' });
    await oh.trackAndManageCustomerOrderHandling({
      action: 'order',
      orderId: 'ORD-1',
      state: 'inProgress',
      reason: 'go',
    });
    expect(count("SELECT COUNT(*) FROM order_state_history WHERE order_id = 'ORD-1' AND to_state = 'inProgress'")).toBe(
      1,
    );
  });

  it('records a jeopardy and tells the customer', async () => {
    await receive();
    const out = await oh.trackAndManageCustomerOrderHandling({
      action: 'jeopardy',
      orderId: 'ORD-1',
      openItems: ['1'],
    });
    expect(out.jeopardyId).toMatch(/^JP-/);
    expect(one('SELECT order_id, open_items FROM order_jeopardies WHERE id = ?', out.jeopardyId)).toEqual({
      order_id: 'ORD-1',
      open_items: '["1"]',
    });
    expect(one("SELECT recipient, subject FROM notifications WHERE reference = 'ORD-1'")).toEqual({
      recipient: 'compta@dupont.example',
      subject: 'Your order ORD-1 may be late',
    });
  });

  it('takes an amendment of an item and of the date', async () => {
    await receive();
    const out = await oh.trackAndManageCustomerOrderHandling({
      action: 'amend',
      orderId: 'ORD-1',
      requestedCompletionDate: '2026-04-01T00:00:00.000Z',
      items: [{ itemId: '1', characteristics: { bandwidthMbps: 500 } }],
      jeopardyMargin: 0,
    });
    expect(out.order.committedDate).toBe('2026-04-01T00:00:00.000Z');
    expect(out.jeopardyAt).toBe('2026-04-01T00:00:00.000Z');
    expect(
      JSON.parse(
        String(one("SELECT characteristics FROM product_order_items WHERE order_id = 'ORD-1'").characteristics),
      ),
    ).toEqual({
      bandwidthMbps: 500,
    });
  });
});

describe('1.F.1.5.5 completeCustomerOrder', () => {
  async function inProgressOrder() {
    await receive();
    await oh.receivePurchaseOrderAndIssueOrders({
      action: 'issue',
      orderId: 'ORD-1',
      timings: FulfilmentTimings.parse({}),
    });
  }

  it('records the product on a new billing account, completes the order and tells the customer', async () => {
    await inProgressOrder();
    await oh.trackAndManageCustomerOrderHandling({
      action: 'item',
      orderId: 'ORD-1',
      itemId: '1',
      state: 'completed',
      reason: null,
    });
    const out = await oh.completeCustomerOrder({
      orderId: 'ORD-1',
      services: [{ itemId: '1', serviceIds: ['SVC-1', 'SVC-2'] }],
    });
    expect(out.order.state).toBe('completed');
    expect(out.billingAccountId).toMatch(/^BA-/);
    expect(
      one("SELECT customer_id, status, recurring_minor, service_ids FROM products WHERE order_id = 'ORD-1'"),
    ).toEqual({
      customer_id: 'CUST-1001',
      status: 'active',
      recurring_minor: 12_900,
      service_ids: '["SVC-1","SVC-2"]',
    });
    expect(one('SELECT subject FROM notifications WHERE id = ?', out.notificationId)).toEqual({
      subject: 'Your order ORD-1 is completed',
    });
  });

  it('fails an order none of whose items was delivered, recording no product', async () => {
    await inProgressOrder();
    await oh.trackAndManageCustomerOrderHandling({
      action: 'item',
      orderId: 'ORD-1',
      itemId: '1',
      state: 'failed',
      reason: 'test failed',
    });
    const out = await oh.completeCustomerOrder({ orderId: 'ORD-1', services: [] });
    expect(out.order.state).toBe('failed');
    expect(out.billingAccountId).toBeNull();
    expect(count('SELECT COUNT(*) FROM products')).toBe(0);
  });
});
