import { describe, expect, it } from 'vitest';
import type { ProductOrderRequestInput } from '../../../src/domain/fulfilment/product-order';
import { FulfilmentTimings } from '../../../src/domain/fulfilment/timings';
import { useOrderHandling } from './order-handling-support';

/**
 * CRM order handling takes an order in: its receipt and the orders it issues (1.F.1.5.3), its
 * feasibility (1.F.1.5.1) and the customer's credit (1.F.1.5.2).
 */

const { test, oh, fibreOrder, receive, quote, receiveQuoted } = useOrderHandling();
const { one, count, run } = test;

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
