import { describe, expect, it } from 'vitest';
import { storedFibreOrder } from '../support/fulfilment';
import { BASE, TOKENS, withApi, type ApiTestRuntime } from './support';

type Order = { id: string; state: string; [k: string]: unknown };

/** Orders recorded straight in the store, at known dates: what a list reads. */
async function seedOrders(rt: ApiTestRuntime) {
  const orders = rt.store.ports.productOrders;
  const made = [
    { id: 'ORD-A', customerId: 'CUST-1001', at: '2026-01-10T09:00:00.000Z', state: 'completed' },
    { id: 'ORD-B', customerId: 'CUST-1001', at: '2026-02-10T09:00:00.000Z', state: 'inProgress' },
    { id: 'ORD-C', customerId: 'CUST-1002', at: '2026-03-10T09:00:00.000Z', state: 'inProgress' },
    { id: 'ORD-D', customerId: 'CUST-1002', at: '2026-04-10T09:00:00.000Z', state: 'acknowledged' },
    { id: 'ORD-E', customerId: 'CUST-1006', at: '2026-05-10T09:00:00.000Z', state: 'completed' },
  ] as const;
  for (const o of made) {
    await orders.create(`seed-${o.id}`, storedFibreOrder(o.id, o.customerId), o.at);
    if (o.state !== 'acknowledged') await orders.transition(`seed-${o.id}-ip`, o.id, 'inProgress', null, o.at);
    if (o.state === 'completed') await orders.transition(`seed-${o.id}-c`, o.id, 'completed', null, o.at);
  }
}

const ids = (body: unknown) => (body as Order[]).map((o) => o.id);

describe('TMF622 conventions: lists, projection, errors and security', () => {
  it('filters, projects and pages GET /productOrder, and GET by id', async () => {
    await withApi(async (rt) => {
      await seedOrders(rt);
      const all = await rt.call('GET', '/productOrder', { expect: 'ProductOrder' });
      expect(all.status).toBe(200);
      expect(ids(all.body)).toEqual(['ORD-E', 'ORD-D', 'ORD-C', 'ORD-B', 'ORD-A']);
      expect(all.headers.get('x-total-count')).toBe('5');
      expect(all.headers.get('x-result-count')).toBe('5');

      const page = await rt.call('GET', '/productOrder?offset=1&limit=2', { expect: 'ProductOrder' });
      expect(ids(page.body)).toEqual(['ORD-D', 'ORD-C']);
      expect(page.headers.get('x-total-count')).toBe('5');
      expect(page.headers.get('x-result-count')).toBe('2');

      const states = await rt.call('GET', '/productOrder?state=completed', { expect: 'ProductOrder' });
      expect(ids(states.body)).toEqual(['ORD-E', 'ORD-A']);
      const either = await rt.call('GET', '/productOrder?state=completed,acknowledged', { expect: 'ProductOrder' });
      expect(ids(either.body)).toEqual(['ORD-E', 'ORD-D', 'ORD-A']);
      const party = await rt.call('GET', '/productOrder?relatedParty.id=CUST-1002', { expect: 'ProductOrder' });
      expect(ids(party.body)).toEqual(['ORD-D', 'ORD-C']);

      const window = await rt.call(
        'GET',
        '/productOrder?orderDate.gte=2026-02-10T09:00:00Z&orderDate.lt=2026-04-10T09:00:00Z',
        { expect: 'ProductOrder' },
      );
      expect(ids(window.body)).toEqual(['ORD-C', 'ORD-B']);
      const after = await rt.call('GET', '/productOrder?orderDate.gt=2026-04-10T09:00:00.000Z&state=completed', {
        expect: 'ProductOrder',
      });
      expect(ids(after.body)).toEqual(['ORD-E']);
      const until = await rt.call('GET', '/productOrder?completionDate.lte=2026-03-01T00:00:00Z', {
        expect: 'ProductOrder',
      });
      expect(ids(until.body)).toEqual(['ORD-A']);

      // fields= keeps what was asked, the identity, and what the definition requires.
      const projected = await rt.call('GET', '/productOrder?fields=state&limit=1', { expect: 'ProductOrder' });
      const [first] = projected.body as unknown as Order[];
      expect(Object.keys(first!).sort()).toEqual(
        ['@baseType', '@schemaLocation', '@type', 'href', 'id', 'productOrderItem', 'state'].sort(),
      );

      const one = await rt.call<Order>('GET', '/productOrder/ORD-B', { expect: 'ProductOrder' });
      expect(one.body).toMatchObject({
        id: 'ORD-B',
        href: `${BASE}/productOrder/ORD-B`,
        '@type': 'ProductOrder',
        '@baseType': 'ProductOrder',
        state: 'inProgress',
        orderDate: '2026-02-10T09:00:00.000Z',
        relatedParty: [{ id: 'CUST-1001', role: 'customer' }],
        productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'PO-FIBRE-BIZ' } }],
      });
      const slim = await rt.call('GET', '/productOrder/ORD-B?fields=orderDate', { expect: 'ProductOrder' });
      expect(slim.body).not.toHaveProperty('relatedParty');
      expect(slim.body).toHaveProperty('orderDate');

      for (const bad of ['?limit=-1', '?offset=x', '?orderDate.gt=yesterday', '?colour=blue', '?state.gt=a']) {
        const r = await rt.call('GET', `/productOrder${bad}`);
        expect(r.status, bad).toBe(400);
      }
    });
  });

  it('answers every error with the TMF Error body, and bad input starts and writes nothing', async () => {
    await withApi(async (rt) => {
      const ordersBefore = rt.store.db.prepare('SELECT COUNT(*) FROM product_orders').pluck().get();
      const contactsBefore = rt.store.db.prepare('SELECT COUNT(*) FROM contacts').pluck().get();
      const malformed: Array<[unknown, string[]]> = [
        [{}, ['/productOrderItem']],
        [{ productOrderItem: [{ id: '1' }] }, ['/productOrderItem/0/action']],
        [{ productOrderItem: [{ id: '1', action: 'explode' }] }, ['/productOrderItem/0/action']],
        [
          { productOrderItem: [{ id: 1, action: 'add' }], relatedParty: [{ id: 'CUST-1001' }] },
          ['/productOrderItem/0/id', '/relatedParty/0/@referredType'],
        ],
        [
          { productOrderItem: 'all of them', requestedCompletionDate: 'soon' },
          ['/productOrderItem', '/requestedCompletionDate'],
        ],
        [[], ['/']],
        ['order', ['/']],
      ];
      for (const [body, paths] of malformed) {
        const r = await rt.call('POST', '/productOrder', { body });
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.body).toMatchObject({ '@type': 'Error', code: 'INVALID_BODY', status: '400' });
        for (const p of paths) expect(String(r.body['message']), JSON.stringify(body)).toContain(`${p}:`);
      }
      expect((await rt.call('POST', '/productOrder', { raw: '{"productOrderItem": [' })).status).toBe(400);
      expect((await rt.call('POST', '/productOrder', { raw: '', contentType: 'application/json' })).status).toBe(400);
      expect((await rt.call('POST', '/productOrder', { raw: 'id=1', contentType: 'text/plain' })).status).toBe(415);
      const huge = { productOrderItem: [{ id: '1', action: 'add' }], description: 'x'.repeat(1024 * 1024) };
      expect((await rt.call('POST', '/productOrder', { body: huge })).status).toBe(413);
      expect((await rt.call('POST', '/cancelProductOrder', { body: { cancellationReason: 'no order' } })).status).toBe(
        400,
      );
      const patch = await rt.call('PATCH', '/productOrder/ORD-NONE', {
        body: { productOrderItem: [{ id: '1', action: 'add' }] },
      });
      expect(patch.status).toBe(404);

      // Nothing was started, nothing written.
      expect(await rt.workflowIds()).toEqual([]);
      expect(rt.store.db.prepare('SELECT COUNT(*) FROM product_orders').pluck().get()).toBe(ordersBefore);
      expect(rt.store.db.prepare('SELECT COUNT(*) FROM contacts').pluck().get()).toBe(contactsBefore);

      expect((await rt.call('GET', '/productOrder/ORD-NONE')).status).toBe(404);
      expect((await rt.call('GET', '/nothingHere')).status).toBe(404);
      const put = await rt.call('PUT', '/productOrder', { body: { productOrderItem: [] } });
      expect(put.status).toBe(405);
      expect(put.headers.get('allow')).toBe('GET, POST, HEAD');
      expect((await rt.call('DELETE', '/productOrder/ORD-A')).status).toBe(405);

      // Security: no or a wrong token 401; a token without the scope 403.
      const none = await rt.call('GET', '/productOrder', { token: null });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await rt.call('GET', '/productOrder', { token: 'not-a-token-of-ours-at-all' })).status).toBe(401);
      expect((await rt.call('GET', '/productOrder', { token: TOKENS.reader, expect: 'ProductOrder' })).status).toBe(
        200,
      );
      const readOnly = await rt.call('POST', '/productOrder', {
        token: TOKENS.reader,
        body: { productOrderItem: [{ id: '1', action: 'add' }] },
      });
      expect(readOnly.status).toBe(403);
      expect((await rt.call('GET', '/productOrder', { token: TOKENS.otherApi })).status).toBe(403);
      expect(await rt.workflowIds()).toEqual([]);
    });
  });
});
