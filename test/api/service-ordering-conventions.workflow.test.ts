import { describe, expect, it } from 'vitest';
import { TOKENS, withApi, type ApiTestRuntime } from './support';

const TMF641 = 'TMF641-ServiceOrdering-v4.0.0.swagger.json';
const TMF652 = 'TMF652-ResourceOrdering-v4.0.0.swagger.json';
const SO = '/tmf-api/serviceOrdering/v4';
const RO = '/tmf-api/resourceOrderingManagement/v4';

type Order = { id: string; state: string; [k: string]: unknown };
const ids = (body: unknown) => (body as Order[]).map((o) => o.id);

/** Service orders recorded straight in the store at known dates, each with a resource order. */
async function seed(rt: ApiTestRuntime) {
  const { serviceInventory: si, resourceOrders } = rt.store.ports;
  const made = [
    { id: 'SO-A', po: 'ORD-1', at: '2026-01-10T09:00:00.000Z', state: 'completed' },
    { id: 'SO-B', po: 'ORD-1', at: '2026-02-10T09:00:00.000Z', state: 'inProgress' },
    { id: 'SO-C', po: 'ORD-2', at: '2026-03-10T09:00:00.000Z', state: 'acknowledged' },
  ] as const;
  for (const o of made) {
    await si.recordServiceOrder(
      `seed-${o.id}`,
      {
        id: o.id,
        productOrderId: o.po,
        itemId: '1',
        customerId: 'CUST-1001',
        cfsSpecId: 'CFS-FIBRE-ACCESS',
        region: 'PAR',
        action: 'add',
      },
      o.at,
    );
    if (o.state !== 'acknowledged') await si.transitionServiceOrder(`seed-${o.id}-ip`, o.id, 'inProgress', null, o.at);
    if (o.state === 'completed') await si.transitionServiceOrder(`seed-${o.id}-c`, o.id, 'completed', null, o.at);
    await resourceOrders.record(`seed-${o.id}-ro`, {
      id: `${o.id}/RO`,
      serviceOrderId: o.id,
      serviceId: `SVC-${o.id}`,
      customerId: 'CUST-1001',
      region: 'PAR',
      action: 'add',
      needs: [{ resourceSpecId: 'RS-ONT', quantity: 1 }],
      holdUntil: null,
    });
  }
}

describe('TMF641 and TMF652 conventions: lists, projection, errors and security', () => {
  it('filters, projects and pages the service and resource orders', async () => {
    await withApi(async (rt) => {
      await seed(rt);
      const get = (url: string) => rt.call('GET', `${SO}${url}`, { expect: 'ServiceOrder', spec: TMF641 });
      const all = await get('/serviceOrder');
      expect(ids(all.body)).toEqual(['SO-C', 'SO-B', 'SO-A']);
      expect(all.headers.get('x-total-count')).toBe('3');
      const page = await get('/serviceOrder?offset=1&limit=1');
      expect(ids(page.body)).toEqual(['SO-B']);
      expect(page.headers.get('x-total-count')).toBe('3');
      expect(page.headers.get('x-result-count')).toBe('1');
      expect(ids((await get('/serviceOrder?state=completed,acknowledged')).body)).toEqual(['SO-C', 'SO-A']);
      expect(ids((await get('/serviceOrder?externalReference.name=ORD-1')).body)).toEqual(['SO-B', 'SO-A']);
      expect(
        ids((await get('/serviceOrder?orderDate.gte=2026-02-10T09:00:00Z&orderDate.lt=2026-03-10T09:00:00Z')).body),
      ).toEqual(['SO-B']);
      expect(ids((await get('/serviceOrder?completionDate.lte=2026-01-31T00:00:00Z')).body)).toEqual(['SO-A']);
      const [slim] = (await get('/serviceOrder?fields=state&limit=1')).body as unknown as Order[];
      expect(Object.keys(slim!).sort()).toEqual(['@baseType', '@schemaLocation', '@type', 'href', 'id', 'state']);
      const one = await get('/serviceOrder/SO-B');
      expect(one.body).toMatchObject({
        id: 'SO-B',
        state: 'inProgress',
        orderDate: '2026-02-10T09:00:00.000Z',
        relatedParty: [{ id: 'CUST-1001' }],
        serviceOrderItem: [
          {
            id: '1',
            service: {
              serviceSpecification: { id: 'CFS-FIBRE-ACCESS' },
              relatedEntity: [{ id: 'SO-B/RO', href: `${RO}/resourceOrder/SO-B%2FRO` }],
            },
          },
        ],
      });
      for (const bad of ['?limit=-1', '?orderDate.gt=yesterday', '?colour=blue', '?state.gt=a'])
        expect((await rt.call('GET', `${SO}/serviceOrder${bad}`)).status, bad).toBe(400);
      expect((await rt.call('GET', `${SO}/serviceOrder/SO-NONE`)).status).toBe(404);

      const ros = (url: string) => rt.call('GET', `${RO}${url}`, { expect: 'ResourceOrder', spec: TMF652 });
      const roAll = await ros('/resourceOrder');
      expect(ids(roAll.body).sort()).toEqual(['SO-A/RO', 'SO-B/RO', 'SO-C/RO']);
      expect(roAll.headers.get('x-total-count')).toBe('3');
      expect((await ros('/resourceOrder?limit=2')).headers.get('x-result-count')).toBe('2');
      expect(ids((await ros('/resourceOrder?externalReference.id=SO-B')).body)).toEqual(['SO-B/RO']);
      expect(
        ids((await ros('/resourceOrder?state=acknowledged&orderDate.gte=2000-01-01T00:00:00Z')).body),
      ).toHaveLength(3);
      const ro = await ros('/resourceOrder/SO-C%2FRO?fields=state');
      expect(ro.body).toMatchObject({ id: 'SO-C/RO', state: 'acknowledged', '@type': 'ResourceOrder' });
      expect(ro.body).not.toHaveProperty('orderItem');
      const full = await ros('/resourceOrder/SO-C%2FRO');
      expect(full.body).toMatchObject({
        externalReference: [{ id: 'SO-C', entityType: 'ServiceOrder', href: `${SO}/serviceOrder/SO-C` }],
        orderItem: [{ quantity: 1, resourceSpecification: { id: 'RS-ONT' } }],
      });
    });
  });

  it('answers errors with the TMF Error body; bad bodies start and write nothing; 401/403 by scope', async () => {
    await withApi(async (rt) => {
      const count = () => rt.store.db.prepare('SELECT COUNT(*) FROM service_orders').pluck().get();
      const before = count();
      const item = { id: '1', action: 'add', service: { serviceSpecification: { id: 'CFS-FIBRE-ACCESS' } } };
      const malformed: Array<[unknown, string[]]> = [
        [{}, ['/serviceOrderItem']],
        [{ serviceOrderItem: [{ id: '1', action: 'add' }] }, ['/serviceOrderItem/0/service']],
        [{ serviceOrderItem: [{ ...item, action: 'explode' }] }, ['/serviceOrderItem/0/action']],
        [{ serviceOrderItem: [item], relatedParty: [{ id: 'CUST-1001' }] }, ['/relatedParty/0/@referredType']],
        [[], ['/']],
      ];
      for (const [body, paths] of malformed) {
        const r = await rt.call('POST', `${SO}/serviceOrder`, { body });
        expect(r.status, JSON.stringify(body)).toBe(400);
        for (const p of paths) expect(String(r.body['message']), JSON.stringify(body)).toContain(`${p}:`);
      }
      // Valid against the spec, but not a service order this operator can run: 422, nothing started.
      const party = [{ id: 'CUST-1001', role: 'customer', '@referredType': 'Customer' }];
      const two = await rt.call('POST', `${SO}/serviceOrder`, {
        body: { relatedParty: party, serviceOrderItem: [item, { ...item, id: '2' }] },
      });
      expect(two.status).toBe(422);
      expect(String(two.body['message'])).toContain('/serviceOrderItem:');
      const nowhere = await rt.call('POST', `${SO}/serviceOrder`, {
        body: { relatedParty: party, serviceOrderItem: [item] },
      });
      expect(nowhere.status).toBe(422);
      expect(String(nowhere.body['message'])).toContain('/serviceOrderItem/0/service/place');
      const stranger = await rt.call('POST', `${SO}/serviceOrder`, {
        body: {
          relatedParty: [{ ...party[0], id: 'CUST-NOBODY' }],
          serviceOrderItem: [
            { ...item, service: { ...item.service, place: [{ id: 'PAR', role: 'installationAddress' }] } },
          ],
        },
      });
      expect(stranger.status).toBe(422);
      expect(String(stranger.body['message'])).toContain('/relatedParty: no customer CUST-NOBODY');
      expect((await rt.call('POST', `${SO}/cancelServiceOrder`, { body: { reason: 'none' } })).status).toBe(400);
      expect((await rt.call('POST', `${SO}/serviceOrder`, { raw: 'x', contentType: 'text/plain' })).status).toBe(415);

      // TMF652 takes no new orders from outside (a resource order is a step of a service order).
      const post = await rt.call('POST', `${RO}/resourceOrder`, { body: { orderItem: [] } });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      expect((await rt.call('PATCH', `${SO}/serviceOrder/SO-A`, { body: {} })).status).toBe(405);

      expect(await rt.workflowIds('smo')).toEqual([]);
      expect(count()).toBe(before);

      expect((await rt.call('GET', `${SO}/serviceOrder`, { token: null })).status).toBe(401);
      expect((await rt.call('GET', `${RO}/resourceOrder`, { token: 'not-a-token-of-ours-at-all' })).status).toBe(401);
      expect((await rt.call('GET', `${RO}/resourceOrder`, { token: TOKENS.otherApi })).status).toBe(403);
      const reader = await rt.call('POST', `${SO}/serviceOrder`, {
        token: TOKENS.reader,
        body: { relatedParty: party, serviceOrderItem: [item] },
      });
      expect(reader.status).toBe(403);
      const ok = await rt.call('GET', `${SO}/serviceOrder`, {
        token: TOKENS.reader,
        expect: 'ServiceOrder',
        spec: TMF641,
      });
      expect(ok.status).toBe(200);
      expect(await rt.workflowIds('smo')).toEqual([]);
    });
  });
});
