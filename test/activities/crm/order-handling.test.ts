import { beforeEach, describe, expect, it } from 'vitest';
import { createOrderHandlingActivities } from '../../../activities/crm/order-handling';
import type { ProductOrderRequestInput } from '../../../src/domain/fulfilment/product-order';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import { priceLine } from '../../../src/domain/lifecycle/sales';
import { useTestStore } from '../../support/store';

const test = useTestStore('2026-03-02T09:00:00.000Z');
const { one, count, run, clock } = test;
let oh: ReturnType<typeof createOrderHandlingActivities>;

beforeEach(() => {
  oh = createOrderHandlingActivities(test.store.ports);
});

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

/**
 * A quote as Selling leaves it: negotiated at 10 %, accepted, and ordered as `orderId` (only
 * accepted when null). `toProspect`: made to a prospect who became the customer afterwards.
 */
async function quote(
  opts: { customerId?: string; orderId?: string | null; offeringId?: string; toProspect?: boolean } = {},
) {
  const { customerId = 'CUST-1001', orderId = 'ORD-1', offeringId = 'PO-FIBRE-BIZ', toProspect = false } = opts;
  const { sales, catalog } = test.store.ports;
  const at = clock.now.toISOString();
  const key = `${customerId}/${offeringId}/${orderId}/${toProspect}`;
  const prospect = await sales.openProspect(
    `${key}/prospect`,
    {
      leadId: null,
      customerId: toProspect ? null : customerId,
      name: 'Buyer',
      email: 'buyer@example.org',
      segment: 'business',
      region: 'PAR',
      needs: [],
      matchedOfferingIds: [offeringId],
      salesChannel: 'accountManager',
      winProbabilityPct: 50,
      estimatedRevenueMinor: 0,
    },
    at,
  );
  const line = { productOfferingId: offeringId, region: 'PAR', quantity: 1, characteristics: {} };
  const priced = priceLine((await catalog.getOffering(offeringId))!, 1, 10);
  const q = await sales.createQuote(
    `${key}/quote`,
    {
      prospectId: prospect.id,
      customerId: toProspect ? null : customerId,
      lines: [{ ...line, ...priced }],
      termMonths: 36,
      discountPct: 10,
      ...priced,
      contractValueMinor: priced.oneTimeMinor + 36 * priced.recurringMinor,
      validUntil: '2026-04-01T00:00:00.000Z',
    },
    at,
  );
  await sales.moveQuote(`${key}/accept`, q.id, 'accepted', {}, at);
  if (toProspect) await sales.updateProspect(`${key}/customer`, prospect.id, { customerId }, at);
  if (orderId) await sales.moveQuote(`${key}/order`, q.id, 'ordered', { orderId }, at);
  return q.id;
}

const receiveQuoted = (quoteId: string, items: ProductOrderRequestInput['items'] = fibreOrder().items) =>
  oh.receivePurchaseOrderAndIssueOrders({
    action: 'receive',
    orderId: 'ORD-1',
    contactId: null,
    requestId: null,
    order: { ...fibreOrder(), items, quoteId },
  });

describe('1.F.1.5.3 receivePurchaseOrderAndIssueOrders', () => {
  it('validates and records the order, acknowledged, with its charges and decomposition', async () => {
    const out = await receive();
    expect(out.order.state).toBe('acknowledged');
    expect(out.decomposition).toEqual([
      {
        itemId: '1',
        action: 'add',
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

  it("prices an order placed from an accepted quote at the quote's discount, and keeps the quote", async () => {
    const quoteId = await quote();
    await receiveQuoted(quoteId);
    // 10 % off 12 900 a month; one-time charges in full.
    expect(
      one('SELECT quote_id, discount_pct, one_time_minor, recurring_minor FROM product_orders WHERE id = ?', 'ORD-1'),
    ).toEqual({ quote_id: quoteId, discount_pct: 10, one_time_minor: 25_000, recurring_minor: 11_610 });
    const d = await oh.authorizeCredit({ orderId: 'ORD-1' });
    expect(d.exposureMinor).toBe(25_000 + 3 * 11_610);
  });

  it('takes the quote of a prospect who became the customer', async () => {
    const quoteId = await quote({ toProspect: true });
    const out = await receiveQuoted(quoteId);
    expect(out.order.state).toBe('acknowledged');
    expect(one("SELECT recurring_minor FROM product_orders WHERE id = 'ORD-1'")).toEqual({ recurring_minor: 11_610 });
  });

  it('refuses a quote that is unknown, of another customer, not ordered for this order, or without the offering, writing nothing', async () => {
    const refused = async (
      quoteId: string,
      message: string,
      items: ProductOrderRequestInput['items'] = fibreOrder().items,
    ) =>
      expect(receiveQuoted(quoteId, items)).rejects.toMatchObject({
        type: 'InvalidInput',
        nonRetryable: true,
        message: expect.stringContaining(message),
      });
    await refused('QT-999999', 'unknown quote QT-999999');
    await refused(await quote({ customerId: 'CUST-1005' }), 'was not made to customer CUST-1001');
    await refused(await quote({ orderId: null }), 'is accepted, not ordered for ORD-1');
    await refused(await quote({ orderId: 'ORD-OTHER' }), 'is ordered for order ORD-OTHER, not ordered for ORD-1');
    const vpn = await quote({ offeringId: 'PO-VPN-BIZ' });
    await refused(vpn, `item 1: offering PO-FIBRE-BIZ is not on quote ${vpn}`);
    // One item on the quote does not carry another that is not.
    await refused(vpn, 'item 2: offering PO-FIBRE-BIZ', [
      { id: '1', productOfferingId: 'PO-VPN-BIZ', region: 'PAR', characteristics: {} },
      { id: '2', productOfferingId: 'PO-FIBRE-BIZ', region: 'PAR', characteristics: {} },
    ]);
    expect(count('SELECT COUNT(*) FROM product_orders')).toBe(0);
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
    run("UPDATE credit_profiles SET credit_score = 600 WHERE customer_id = 'CUST-1001'");
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
