import { describe, expect, it } from 'vitest';
import { OrderConflictError, submitProductOrder } from '../../src/fulfilment/submit';
import { OFFERS, eventually, orderFor } from '../support/fulfilment';
import { BASE, withApi, type ApiTestRuntime } from './support';

type Order = { id: string; href: string; state: string; note?: Array<{ text: string }>; [k: string]: unknown };

const item = (offering: string, region: string, characteristics: Record<string, unknown> = {}) => ({
  id: '1',
  action: 'add',
  productOffering: { id: offering },
  product: {
    place: [{ role: 'installationAddress', id: region }],
    productCharacteristic: Object.entries(characteristics).map(([name, value]) => ({ name, value })),
  },
});
const customer = (id: string) => [{ id, role: 'customer', '@referredType': 'Customer' }];

const count = (rt: ApiTestRuntime, sql: string, ...args: unknown[]) =>
  rt.store.db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

async function settled(rt: ApiTestRuntime, id: string, ms = 45_000): Promise<Order> {
  return eventually(
    async () => {
      const r = await rt.call<Order>('GET', `/productOrder/${id}`, { expect: 'ProductOrder' });
      return ['completed', 'rejected', 'failed', 'partial', 'cancelled'].includes(r.body.state) && r.body;
    },
    `order ${id} to settle`,
    ms,
  );
}

describe('TMF622 Product Ordering against the real workers', () => {
  it('places an order that crosses the four layers, amends it while it runs, and refuses to cancel it once completed', async () => {
    await withApi(async (rt) => {
      const body = {
        externalId: rt.id('vpn'),
        productOrderItem: [item('PO-VPN-BIZ', 'MRS', { vpnName: 'MARTIN', bandwidthMbps: 100 })],
        relatedParty: customer('CUST-1002'),
      };
      const placed = await rt.call<Order>('POST', '/productOrder', { body, expect: 'ProductOrder' });
      expect(placed.status).toBe(201);
      expect(placed.body).toMatchObject({ id: body.externalId, state: 'acknowledged', '@type': 'ProductOrder' });
      expect(placed.headers.get('location')).toBe(`${BASE}/productOrder/${body.externalId}`);
      expect(placed.body['@schemaLocation']).toMatch(/^https:\/\/.*TMF622.*#\/definitions\/ProductOrder$/);

      // Posting the same order again is the same order.
      const again = await rt.call<Order>('POST', '/productOrder', { body, expect: 'ProductOrder' });
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(body.externalId);
      // Another order under its id (another site) is refused, not merged into the first.
      const other = {
        ...body,
        productOrderItem: [item('PO-VPN-BIZ', 'PAR', { vpnName: 'MARTIN', bandwidthMbps: 100 })],
      };
      const clash = await rt.call('POST', '/productOrder', { body: other });
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({ code: 'STATE_CONFLICT', status: '409', '@type': 'Error' });
      expect(clash.body['message']).toContain(`order ${body.externalId} was already placed with other content`);
      // The same from a Temporal client: a named error, and nothing started.
      await expect(
        submitProductOrder(rt.client, { ...orderFor(rt, 'clash', OFFERS.fibre), externalId: body.externalId }),
      ).rejects.toBeInstanceOf(OrderConflictError);

      // The workflow's Update amends the date while the order runs.
      const amended = await rt.call<Order>('PATCH', `/productOrder/${body.externalId}`, {
        body: { requestedCompletionDate: '2031-01-15T00:00:00.000Z', productOrderItem: [{ id: '1', action: 'add' }] },
        contentType: 'application/merge-patch+json',
        expect: 'ProductOrder',
      });
      expect(amended.status).toBe(200);
      expect(amended.body['requestedCompletionDate']).toBe('2031-01-15T00:00:00.000Z');

      const done = await settled(rt, body.externalId);
      expect(done.state).toBe('completed');
      expect(done['completionDate']).toBeTypeOf('string');
      // One order, and the relationship step it handed its customer to (#12, 1.FAB.1.9.1).
      // (started once the order is recorded completed: waited for).
      const started = await eventually(async () => {
        const ids = (await rt.workflowIds()).sort();
        return ids.length > 1 && ids;
      }, 'the relationship step');
      expect(started).toEqual([body.externalId, `${body.externalId}.relationship`]);
      expect(
        count(rt, "SELECT COUNT(*) FROM product_order_items WHERE order_id = ? AND region = 'MRS'", body.externalId),
      ).toBe(1);

      // Each layer's record: CRM's order and product, SM&O's service order, RM&O's resource order, S/PRM's partner order.
      const id = body.externalId;
      expect(count(rt, "SELECT COUNT(*) FROM product_orders WHERE id = ? AND state = 'completed'", id)).toBe(1);
      expect(count(rt, "SELECT COUNT(*) FROM products WHERE order_id = ? AND status = 'active'", id)).toBe(1);
      expect(
        count(rt, "SELECT COUNT(*) FROM service_orders WHERE product_order_id = ? AND state = 'completed'", id),
      ).toBe(1);
      expect(
        count(
          rt,
          'SELECT COUNT(*) FROM resource_orders WHERE service_order_id IN (SELECT id FROM service_orders WHERE product_order_id = ?)',
          id,
        ),
      ).toBeGreaterThan(0);
      expect(count(rt, "SELECT COUNT(*) FROM partner_orders WHERE state = 'accepted'")).toBe(1);

      // A completed order can no longer be cancelled nor amended: 409, with the workflow's reason.
      const cancel = await rt.call('POST', '/cancelProductOrder', {
        body: { productOrder: { id }, cancellationReason: 'changed my mind' },
      });
      expect(cancel.status).toBe(409);
      expect(cancel.body).toMatchObject({ code: 'STATE_CONFLICT', status: '409' });
      expect(String(cancel.body['message'])).toContain('completed');
      const late = await rt.call('PATCH', `/productOrder/${id}`, {
        body: { requestedCompletionDate: '2032-01-01T00:00:00Z', productOrderItem: [{ id: '1', action: 'add' }] },
      });
      expect(late.status).toBe(409);
      expect((await rt.call('GET', `/cancelProductOrder/${id}`)).status).toBe(404);
    });
  });

  it('accepts a valid body (201), then rejects what the business cannot fulfil, with the reason', async () => {
    await withApi(async (rt) => {
      const cases = {
        offering: { productOrderItem: [item('PO-NOPE', 'PAR')], relatedParty: customer('CUST-1001') },
        party: { productOrderItem: [item('PO-FIBRE-BIZ', 'PAR')], relatedParty: customer('CUST-9999') },
      };
      const reasons: Record<string, string> = {};
      for (const [name, body] of Object.entries(cases)) {
        const placed = await rt.call<Order>('POST', '/productOrder', { body, expect: 'ProductOrder' });
        expect(placed.status, name).toBe(201);
        expect(placed.body.state).toBe('acknowledged');
        const order = await settled(rt, placed.body.id);
        expect(order.state, name).toBe('rejected');
        reasons[name] = order.note?.map((n) => n.text).join(' ') ?? '';
      }
      expect(reasons['offering']).toContain('unknown offering PO-NOPE');
      expect(reasons['party']).toContain('CUST-9999');
    });
  });

  it('refuses at the door (400, nothing started) an item Order Handling could not even read: no offering, no site', async () => {
    await withApi(async (rt) => {
      const cases = {
        minimal: { productOrderItem: [{ id: '1', action: 'add' }], relatedParty: customer('CUST-1001') },
        site: {
          productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'PO-FIBRE-BIZ' } }],
          relatedParty: customer('CUST-1001'),
        },
      };
      const before = await rt.workflowIds();
      for (const [name, body] of Object.entries(cases)) {
        const refused = await rt.call('POST', '/productOrder', { body });
        expect(refused.status, name).toBe(400);
        expect(String(refused.body['message']), name).toContain('/productOrderItem/0/product/place');
      }
      expect(await rt.workflowIds()).toEqual(before);
    });
  });

  it('cancels a running order: the cancellation is accepted, then done, and the order is cancelled', async () => {
    await withApi(async (rt) => {
      const id = rt.id('cancel');
      const body = {
        externalId: id,
        productOrderItem: [item('PO-VPN-BIZ', 'MRS', { vpnName: 'DUPONT', bandwidthMbps: 100 })],
        relatedParty: customer('CUST-1002'),
      };
      expect((await rt.call('POST', '/productOrder', { body, expect: 'ProductOrder' })).status).toBe(201);
      const cancel = await rt.call<Order>('POST', '/cancelProductOrder', {
        body: { productOrder: { id }, cancellationReason: 'site closed' },
        expect: 'CancelProductOrder',
      });
      expect(cancel.status).toBe(201);
      expect(cancel.headers.get('location')).toBe(`${BASE}/cancelProductOrder/${id}`);
      expect(cancel.body).toMatchObject({ id, state: 'inProgress', cancellationReason: 'site closed' });
      const order = await settled(rt, id);
      expect(order).toMatchObject({ state: 'cancelled', cancellationReason: 'site closed' });
      const task = await rt.call<Order>('GET', `/cancelProductOrder/${id}`, { expect: 'CancelProductOrder' });
      expect(task.body).toMatchObject({ state: 'done', productOrder: { id } });
      expect(task.body['effectiveCancellationDate']).toBeTypeOf('string');
      const twice = await rt.call('POST', '/cancelProductOrder', { body: { productOrder: { id } } });
      expect(twice.status).toBe(409);
      expect(
        (await rt.call('POST', '/cancelProductOrder', { body: { productOrder: { id: 'ORD-NONE' } } })).status,
      ).toBe(404);
    });
  });
});
