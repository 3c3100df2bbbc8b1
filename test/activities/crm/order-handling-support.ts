import { createOrderHandlingActivities } from '../../../activities/crm/order-handling';
import type { ProductOrderRequestInput } from '../../../src/domain/fulfilment/product-order';
import { priceLine } from '../../../src/domain/lifecycle/sales';
import { madeBeforeEach } from '../../support/each-test';
import { useTestStore } from '../../support/store';

/**
 * What the CRM order handling tests share (1.F.1.5.1–1.F.1.5.5, split in order-handling-receipt.test.ts
 * and order-handling-completion.test.ts): a store per test, the activities on it, a fibre order
 * received, and a quote as Selling leaves it to order from.
 */

/** Call once at the top of a test file: registers the store's hooks and returns the helpers. */
export function useOrderHandling() {
  const test = useTestStore('2026-03-02T09:00:00.000Z');
  const { clock } = test;
  // Made anew with the store before each test.
  const oh = madeBeforeEach(() => createOrderHandlingActivities(test.store.ports));

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

  return { test, oh, fibreOrder, receive, quote, receiveQuoted };
}
