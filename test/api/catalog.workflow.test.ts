import { describe, expect, it } from 'vitest';
import { TOKENS, withApi, type ApiTestRuntime } from './support';

const TMF620 = 'TMF620-ProductCatalog-v4.0.0.swagger.json';
const TMF633 = 'TMF633-ServiceCatalog-v4.0.0.swagger.json';
const PC = '/tmf-api/productCatalogManagement/v4';
const SC = '/tmf-api/serviceCatalogManagement/v4';

type Ref = { id: string; href: string };
type Entity = { id: string; href: string; [k: string]: unknown };

const offerings = (rt: ApiTestRuntime, url: string) =>
  rt.call<Entity[]>('GET', `${PC}${url}`, { expect: 'ProductOffering', spec: TMF620 });
const specifications = (rt: ApiTestRuntime, url: string) =>
  rt.call<Entity[]>('GET', `${SC}${url}`, { expect: 'ServiceSpecification', spec: TMF633 });

describe('TMF620/633 catalogs of the sample operator', () => {
  it('lists the offerings and the service specifications they decompose into, linked by href', async () => {
    await withApi(async (rt) => {
      const all = await offerings(rt, '/productOffering');
      expect(all.status).toBe(200);
      const total = Number(all.headers.get('x-total-count'));
      expect(total).toBe(all.body.length);
      expect(total).toBeGreaterThan(2);
      const fibre = all.body.find((o) => o.id === 'PO-FIBRE-BIZ')!;
      expect(fibre).toMatchObject({
        href: `${PC}/productOffering/PO-FIBRE-BIZ`,
        lifecycleStatus: 'Launched',
        isSellable: true,
        '@type': 'ProductOffering',
      });
      expect(fibre['@schemaLocation']).toMatch(/TMF620.*#\/definitions\/ProductOffering$/);

      // The offering → its service specifications → their resource specifications.
      const specs = fibre['serviceSpecification'] as Ref[];
      expect(specs.map((s) => s.id)).toContain('CFS-FIBRE-ACCESS');
      for (const ref of specs) {
        const s = await rt.call<Entity>('GET', ref.href, { expect: 'ServiceSpecification', spec: TMF633 });
        // TMF633 hrefs are absolute (format uri); TMF620's are paths.
        expect(s.body).toMatchObject({
          id: ref.id,
          href: `${rt.base}${ref.href}`,
          lifecycleStatus: 'Active',
          '@type': 'ServiceSpecification',
        });
      }
      const access = await rt.call<Entity>('GET', `${SC}/serviceSpecification/CFS-FIBRE-ACCESS`, {
        expect: 'ServiceSpecification',
        spec: TMF633,
      });
      expect((access.body['resourceSpecification'] as Ref[]).length).toBeGreaterThan(0);

      // Its prices (TMF620 ProductOfferingPrice), by ref from the offering: the one-off and
      // monthly list prices, and the speed tiers with their ranges of bandwidthMbps.
      const refs = fibre['productOfferingPrice'] as Ref[];
      const prices = await Promise.all(
        refs.map(async (r) => {
          const p = await rt.call<Entity>('GET', r.href, { expect: 'ProductOfferingPrice', spec: TMF620 });
          expect(p.body).toMatchObject({ id: r.id, '@type': 'ProductOfferingPrice' });
          return p.body;
        }),
      );
      const eur = (value: number) => ({ unit: 'EUR', value });
      const monthly = { priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 };
      const range = (valueFrom: string | undefined, valueTo: string | undefined, rangeInterval: string) => [
        {
          name: 'bandwidthMbps',
          valueType: 'number',
          productSpecCharacteristicValue: [{ valueFrom, valueTo, rangeInterval, valueType: 'number' }],
        },
      ];
      const shown = prices.map((p) => ({
        priceType: p['priceType'],
        recurringChargePeriodType: p['recurringChargePeriodType'],
        recurringChargePeriodLength: p['recurringChargePeriodLength'],
        price: p['price'],
        tax: (p['tax'] as { taxAmount: unknown }[])[0]!.taxAmount,
        prodSpecCharValueUse: p['prodSpecCharValueUse'],
      }));
      expect(JSON.parse(JSON.stringify(shown))).toEqual([
        { priceType: 'oneTime', price: eur(250), tax: eur(50) },
        { ...monthly, price: eur(129), tax: eur(25.8), prodSpecCharValueUse: range('500', undefined, 'open') },
        { ...monthly, price: eur(69), tax: eur(13.8), prodSpecCharValueUse: range(undefined, '100', 'closedTop') },
        { ...monthly, price: eur(99), tax: eur(19.8), prodSpecCharValueUse: range('100', '500', 'closedTop') },
      ]);
      const recurring = await rt.call<Entity[]>('GET', `${PC}/productOfferingPrice?priceType=recurring`, {
        expect: 'ProductOfferingPrice',
        spec: TMF620,
      });
      expect(recurring.body.map((p) => p.id)).toEqual(expect.arrayContaining(refs.slice(1).map((r) => r.id)));
      expect(recurring.body.every((p) => p['priceType'] === 'recurring')).toBe(true);
      expect((await rt.call('GET', `${PC}/productOfferingPrice/PO-FIBRE-BIZ-NOPE`)).status).toBe(404);

      // Filters, paging, fields.
      const one = await offerings(rt, '/productOffering?id=PO-FIBRE-BIZ');
      expect(one.headers.get('x-total-count')).toBe('1');
      const segment = String((fibre['marketSegment'] as Ref[])[0]!.id);
      const bySegment = await offerings(rt, `/productOffering?marketSegment.id=${segment}`);
      expect(bySegment.body.every((o) => (o['marketSegment'] as Ref[])[0]!.id === segment)).toBe(true);
      expect((await offerings(rt, '/productOffering?lifecycleStatus=Retired')).body).toHaveLength(0);
      const page = await offerings(rt, '/productOffering?offset=1&limit=2');
      expect(page.headers.get('x-total-count')).toBe(String(total));
      expect(page.headers.get('x-result-count')).toBe('2');
      expect(page.body.map((o) => o.id)).toEqual(all.body.slice(1, 3).map((o) => o.id));
      const names = await specifications(rt, '/serviceSpecification?fields=name&limit=1');
      expect(Object.keys(names.body[0]!).sort()).toEqual([
        '@baseType',
        '@schemaLocation',
        '@type',
        'href',
        'id',
        'name',
      ]);
      const allSpecs = await specifications(rt, '/serviceSpecification');
      expect(allSpecs.body.map((s) => s.id)).toContain('CFS-FIBRE-ACCESS');
      const byName = await specifications(
        rt,
        `/serviceSpecification?name=${encodeURIComponent(String(access.body['name']))}`,
      );
      expect(byName.body.map((s) => s.id)).toEqual(['CFS-FIBRE-ACCESS']);

      // Errors: 404, 405 with Allow, 400, 401, 403.
      expect((await rt.call('GET', `${PC}/productOffering/PO-NOPE`)).status).toBe(404);
      expect((await rt.call('GET', `${SC}/serviceSpecification/CFS-NOPE`)).status).toBe(404);
      const post = await rt.call('POST', `${PC}/productOffering`, { body: { name: 'x' } });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      expect((await rt.call('PATCH', `${SC}/serviceSpecification/CFS-FIBRE-ACCESS`, { body: {} })).status).toBe(405);
      expect((await rt.call('DELETE', `${PC}/productOffering/PO-FIBRE-BIZ`)).status).toBe(405);
      expect((await rt.call('GET', `${SC}/serviceSpecification?colour=red`)).status).toBe(400);
      expect((await rt.call('GET', `${PC}/productOffering`, { token: null })).status).toBe(401);
      expect((await rt.call('GET', `${SC}/serviceSpecification`, { token: TOKENS.otherApi })).status).toBe(403);
      expect(
        (
          await rt.call('GET', `${SC}/serviceSpecification`, {
            token: TOKENS.reader,
            expect: 'ServiceSpecification',
            spec: TMF633,
          })
        ).status,
      ).toBe(200);
    });
  });
});
