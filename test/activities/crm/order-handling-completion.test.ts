import { describe, expect, it } from 'vitest';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import { useOrderHandling } from './order-handling-support';

/**
 * CRM order handling follows an order to its end: tracked, in jeopardy and amended (1.F.1.5.4),
 * then completed (1.F.1.5.5).
 */

const { test, oh, receive, quote, receiveQuoted } = useOrderHandling();
const { one, count, clock } = test;

describe('1.F.1.5.4 trackAndManageCustomerOrderHandling', () => {
  it('commits a date from the lead time and says when the order is in jeopardy', async () => {
    await receive();
    const out = await oh.trackAndManageCustomerOrderHandling({
      action: 'commit',
      orderId: 'ORD-1',
      now: clock.now.toISOString(),
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

  /** Item 1 delivered on these services, then the order completed (1.F.1.5.5). */
  async function completeItemOne(serviceIds: string[]) {
    await oh.trackAndManageCustomerOrderHandling({
      action: 'item',
      orderId: 'ORD-1',
      itemId: '1',
      state: 'completed',
      reason: null,
    });
    return oh.completeCustomerOrder({ orderId: 'ORD-1', services: [{ itemId: '1', serviceIds }] });
  }

  it('records the product on a new billing account, completes the order and tells the customer', async () => {
    await inProgressOrder();
    const out = await completeItemOne(['SVC-1', 'SVC-2']);
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

  it('records the product of a quoted order at the discounted price billing charges from', async () => {
    await receiveQuoted(await quote());
    await oh.receivePurchaseOrderAndIssueOrders({
      action: 'issue',
      orderId: 'ORD-1',
      timings: FulfilmentTimings.parse({}),
    });
    const out = await completeItemOne(['SVC-1']);
    expect(out.products).toEqual([expect.objectContaining({ itemId: '1', recurringMinor: 11_610 })]);
    expect(one("SELECT recurring_minor, one_time_minor FROM products WHERE order_id = 'ORD-1'")).toEqual({
      recurring_minor: 11_610,
      one_time_minor: 25_000,
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
