import { describe, expect, it } from 'vitest';
import { placeCompletedFibreOrder, TOKENS, withApi, type ApiTestRuntime } from './support';

const TMF637 = 'TMF637-ProductInventory-v4.0.0.swagger.json';
const TMF638 = 'TMF638-ServiceInventory-v4.0.0.swagger.json';
const TMF639 = 'TMF639-ResourceInventory-v4.0.0.hotfix-2020.swagger.json';
const PI = '/tmf-api/productInventory/v4';
const SI = '/tmf-api/serviceInventory/v4';
const RI = '/tmf-api/resourceInventoryManagement/v4';
const PO = '/tmf-api/productOrderingManagement/v4';

type Ref = { id: string; href: string; '@referredType'?: string };
type Entity = { id: string; href: string; [k: string]: unknown };

const products = (rt: ApiTestRuntime, url: string) =>
  rt.call<Entity[]>('GET', `${PI}${url}`, { expect: 'Product', spec: TMF637 });
const services = (rt: ApiTestRuntime, url: string) =>
  rt.call<Entity[]>('GET', `${SI}${url}`, { expect: 'Service', spec: TMF638 });
const resources = (rt: ApiTestRuntime, url: string) =>
  rt.call<Entity[]>('GET', `${RI}${url}`, { expect: 'Resource', spec: TMF639 });

describe('TMF637/638/639 inventories against the real workers', () => {
  it('shows what a completed product order made — product, services, resources — linked by href, with filters, paging and fields', async () => {
    await withApi(async (rt) => {
      const orderId = await placeCompletedFibreOrder(rt, 'inv');
      // TMF638 hrefs are absolute (its spec says format uri); the others are paths.
      const local = (href: string) => href.replace(rt.base, '');

      // TMF637: the order item's product, found by the order that delivered it.
      const list = await products(rt, `/product?productOrderItem.productOrderId=${orderId}`);
      expect(list.status).toBe(200);
      expect(list.headers.get('x-total-count')).toBe('1');
      expect(list.headers.get('x-result-count')).toBe('1');
      const product = list.body[0]!;
      expect(product).toMatchObject({
        status: 'active',
        '@type': 'Product',
        '@baseType': 'Product',
        productOffering: {
          id: 'PO-FIBRE-BIZ',
          href: '/tmf-api/productCatalogManagement/v4/productOffering/PO-FIBRE-BIZ',
        },
        productOrderItem: [
          { productOrderId: orderId, orderItemId: '1', productOrderHref: `${PO}/productOrder/${orderId}` },
        ],
        relatedParty: [{ id: 'CUST-1001', role: 'customer' }],
      });
      expect(product.href).toBe(`${PI}/product/${encodeURIComponent(product.id)}`);
      expect(product['@schemaLocation']).toMatch(/TMF637.*#\/definitions\/Product$/);
      const realizing = product['realizingService'] as Ref[];
      expect(realizing).toHaveLength(2);
      expect((product['realizingResource'] as Ref[]).length).toBeGreaterThan(0);

      // Following the links: product → service → resource → service.
      const byService = new Map<string, Entity>();
      for (const ref of realizing) {
        expect(ref.href).toBe(`${SI}/service/${encodeURIComponent(ref.id)}`);
        const s = await rt.call<Entity>('GET', ref.href, { expect: 'Service', spec: TMF638 });
        expect(s.body).toMatchObject({ id: ref.id, state: 'active', '@type': 'Service', isServiceEnabled: true });
        expect(s.body['serviceOrderItem']).toMatchObject([{ '@referredType': 'ServiceOrder' }]);
        byService.set((s.body['serviceSpecification'] as Ref).id, s.body);
      }
      const access = byService.get('CFS-FIBRE-ACCESS')!;
      expect(access['serviceSpecification']).toMatchObject({
        href: `${rt.base}/tmf-api/serviceCatalogManagement/v4/serviceSpecification/CFS-FIBRE-ACCESS`,
      });
      const supporting = access['supportingResource'] as Ref[];
      expect(supporting.length).toBeGreaterThan(0);
      // Every resource realizing the product supports one of its services.
      const behind = [...byService.values()].flatMap((s) => (s['supportingResource'] as Ref[]).map((r) => r.id));
      for (const r of product['realizingResource'] as Ref[]) expect(behind).toContain(r.id);
      const resource = await rt.call<Entity>('GET', local(supporting[0]!.href), { expect: 'Resource', spec: TMF639 });
      expect(resource.body).toMatchObject({ id: supporting[0]!.id, usageState: 'active', '@type': 'Resource' });
      const served = (resource.body['resourceCharacteristic'] as Array<{ name: string; value: Ref }>).find(
        (c) => c.name === 'supportedService',
      );
      expect(served?.value).toMatchObject({ id: access.id, href: local(access.href) });
      // The service order that made the service links to it too (TMF641).
      const so = (access['serviceOrderItem'] as Array<{ serviceOrderHref: string }>)[0]!;
      expect(
        (
          await rt.call('GET', local(so.serviceOrderHref), {
            expect: 'ServiceOrder',
            spec: 'TMF641-ServiceOrdering-v4.0.0.swagger.json',
          })
        ).status,
      ).toBe(200);

      // Filters: state/status, the customer, the specification, dates with .gt/.gte/.lt/.lte.
      const mine = await services(
        rt,
        `/service?relatedParty.id=CUST-1001&state=active&serviceSpecification.id=CFS-FIBRE-ACCESS`,
      );
      expect(mine.body.map((s) => s.id)).toContain(access.id);
      expect((await services(rt, '/service?state=terminated')).body.map((s) => s.id)).not.toContain(access.id);
      const started = String(access['startDate']);
      expect((await services(rt, `/service?startDate.gte=${started}&id=${access.id}`)).body).toHaveLength(1);
      expect((await services(rt, `/service?startDate.gt=${started}&id=${access.id}`)).body).toHaveLength(0);
      expect(
        (await products(rt, `/product?startDate.lte=${String(product['startDate'])}&id=${product.id}`)).body,
      ).toHaveLength(1);
      expect((await products(rt, `/product?startDate.lt=2000-01-01T00:00:00Z`)).body).toHaveLength(0);
      expect((await products(rt, `/product?status=terminated&id=${product.id}`)).body).toHaveLength(0);
      const inUse = await resources(rt, `/resource?usageState=active&relatedParty.id=CUST-1001`);
      expect(inUse.body.map((r) => r.id)).toContain(resource.body.id);
      expect((await resources(rt, `/resource?resourceStatus=available&id=${resource.body.id}`)).body).toHaveLength(0);

      // Paging: X-Total-Count is every match, X-Result-Count this page.
      const all = await resources(rt, '/resource?resourceStatus=available');
      const total = Number(all.headers.get('x-total-count'));
      expect(total).toBeGreaterThan(2);
      const page = await resources(rt, '/resource?resourceStatus=available&offset=1&limit=2');
      expect(page.headers.get('x-total-count')).toBe(String(total));
      expect(page.headers.get('x-result-count')).toBe('2');
      expect(page.body.map((r) => r.id)).toEqual(all.body.slice(1, 3).map((r) => r.id));

      // fields=: what was asked for, and the identity and type.
      const few = await rt.call<Entity>('GET', `${PI}/product/${product.id}?fields=status`, {
        expect: 'Product',
        spec: TMF637,
      });
      expect(Object.keys(few.body).sort()).toEqual(['@baseType', '@schemaLocation', '@type', 'href', 'id', 'status']);
      const fewServices = await services(rt, `/service?id=${access.id}&fields=state,startDate`);
      expect(Object.keys(fewServices.body[0]!)).toEqual(expect.arrayContaining(['state', 'startDate', 'id', 'href']));
      expect(fewServices.body[0]!['supportingResource']).toBeUndefined();
    });
  });

  it('answers 404, 405 with Allow, 400 for a bad filter, and 401/403 by token and scope', async () => {
    await withApi(async (rt) => {
      for (const [base, collection] of [
        [PI, 'product'],
        [SI, 'service'],
        [RI, 'resource'],
      ] as const) {
        expect((await rt.call('GET', `${base}/${collection}/NOPE-1`)).status).toBe(404);
        const post = await rt.call('POST', `${base}/${collection}`, { body: {} });
        expect(post.status).toBe(405);
        expect(post.headers.get('allow')).toBe('GET, HEAD');
        expect((await rt.call('PATCH', `${base}/${collection}/X`, { body: {} })).status).toBe(405);
        expect((await rt.call('DELETE', `${base}/${collection}/X`)).status).toBe(405);
        expect((await rt.call('GET', `${base}/${collection}?colour=red`)).status).toBe(400);
        expect((await rt.call('GET', `${base}/${collection}?limit=-1`)).status).toBe(400);
        expect((await rt.call('GET', `${base}/${collection}`, { token: null })).status).toBe(401);
        expect((await rt.call('GET', `${base}/${collection}`, { token: 'not-a-token-of-ours-at-all' })).status).toBe(
          401,
        );
        expect((await rt.call('GET', `${base}/${collection}`, { token: TOKENS.otherApi })).status).toBe(403);
      }
      expect((await services(rt, '/service?serviceDate.gte=yesterday')).status).toBe(400);
      const read = await rt.call('GET', `${RI}/resource?limit=1`, {
        token: TOKENS.reader,
        expect: 'Resource',
        spec: TMF639,
      });
      expect(read.status).toBe(200);
    });
  });
});
