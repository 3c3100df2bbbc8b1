import { describe, expect, it } from 'vitest';
import type { usageCollection } from '../../workflows/rmo/resource-data-collection-processing';
import { rowsOf } from '../support/assurance';
import { eventually } from '../support/fulfilment';
import { subscribedListener } from './hub-subscription';
import { type ApiTestRuntime, expectValid, TOKENS, withApi } from './support';

const TMF635 = 'TMF635-UsageManagement-v4.0.0.swagger.json';
const UM = '/tmf-api/usageManagement/v4';

type Usage = { id: string; href: string; status: string; [k: string]: unknown };
type Failure = { code: string; message: string };

const usage = <T = Usage>(rt: ApiTestRuntime, method: string, url: string, body?: unknown) =>
  rt.call<T>(method, `${UM}${url}`, { expect: 'Usage', spec: TMF635, ...(body ? { body } : {}) });

/** A five-minute call on Hugo Petit's telephone line (PRD-IB05, CUST-1006, installed base). */
const call = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  description: 'call to a mobile',
  usageType: 'voice',
  usageDate: '2026-06-15T10:00:00Z',
  relatedParty: [{ id: 'CUST-1006', role: 'customer', '@referredType': 'Customer' }],
  usageCharacteristic: [
    { name: 'productId', value: 'PRD-IB05' },
    { name: 'duration', value: 300 },
    { name: 'calledNumber', value: '+33612345678' },
  ],
  ...over,
});

/** What the posted records left in the store: submissions, waiting network records, events. */
const written = (rt: ApiTestRuntime) => ({
  submissions: rowsOf(rt, 'SELECT COUNT(*) AS n FROM usage_submissions')[0],
  waiting: rowsOf(rt, 'SELECT COUNT(*) AS n FROM network_usage WHERE usage_id IS NOT NULL')[0],
  events: rowsOf(rt, "SELECT COUNT(*) AS n FROM event_outbox WHERE api = 'usageManagement'")[0],
});

/** A bill cycle's usage collection and rating, as the billing run starts it, on this test's RM&O queue. */
async function collectAndRate(rt: ApiTestRuntime, name: string) {
  const id = rt.id(name);
  return rt.client.workflow.execute<typeof usageCollection>('usageCollection', {
    taskQueue: rt.queue('rmo'),
    workflowId: id,
    args: [{ collectionId: id, periodEnd: '2026-07-01T00:00:00.000Z', cycleId: `CY-${id}` }],
  });
}

describe('TMF635 Usage Management against the real workers', () => {
  it('feeds posted usage to collection once, and shows it rated with its charge, or rejected with why', async () => {
    await withApi(
      async (rt) => {
        const listening = await subscribedListener<{ eventType: string; event: { usage: Usage } }>(rt, UM, TMF635);
        const id = rt.id('USG-call');
        const posted = await usage(rt, 'POST', '/usage', call(id));
        expect(posted.status).toBe(201);
        expect(posted.headers.get('location')).toBe(`${UM}/usage/${id}`);
        expect(posted.body).toMatchObject({
          id,
          href: `${rt.base}${UM}/usage/${id}`,
          status: 'received',
          usageType: 'voice',
          usageDate: '2026-06-15T10:00:00.000Z',
          relatedParty: [{ id: 'CUST-1006', role: 'customer' }],
          '@type': 'Usage',
        });
        // The same record posted again is the one record.
        expect((await usage(rt, 'POST', '/usage', call(id))).body.id).toBe(id);
        // Data on a telephone line: received, then refused by mediation for want of a tariff.
        const data = rt.id('USG-data');
        const dataBody = call(data, {
          usageType: 'data',
          usageCharacteristic: [
            { name: 'productId', value: 'PRD-IB05' },
            { name: 'volume', value: 120 },
          ],
        });
        expect((await usage(rt, 'POST', '/usage', dataBody)).status).toBe(201);
        expect(written(rt)).toEqual({ submissions: { n: 2 }, waiting: { n: 2 }, events: { n: 2 } });
        // The listener hears of each record once, as soon as it is received.
        await eventually(async () => listening.received.length >= 2, 'both UsageCreateEvents delivered');
        expect(listening.received.map((e) => [e.eventType, e.event.usage.id, e.event.usage.status])).toEqual([
          ['UsageCreateEvent', id, 'received'],
          ['UsageCreateEvent', data, 'received'],
        ]);
        for (const e of listening.received) expectValid('UsageCreateEvent', e, TMF635);
        await listening.end();

        const run = await collectAndRate(rt, 'usageCollection');
        expect(run.rating).toMatchObject({ rejected: { NO_TARIFF: 1 } });
        // The next collection takes the network's new records, and none of these again.
        await collectAndRate(rt, 'usageCollection-2');
        expect(rowsOf(rt, 'SELECT COUNT(*) AS n FROM usage_records WHERE usage_id IS NOT NULL')).toEqual([{ n: 2 }]);

        const [stored] = rowsOf(rt, 'SELECT charge_minor, tariff_id FROM usage_records WHERE usage_id = ?', id) as [
          { charge_minor: number; tariff_id: string },
        ];
        const rated = await usage(rt, 'GET', `/usage/${id}`);
        expect(rated.body).toMatchObject({
          status: 'rated',
          ratedProductUsage: [
            {
              isBilled: false,
              offerTariffType: 'TAR-VOICE-LINE',
              taxExcludedRatingAmount: { unit: 'EUR', value: stored.charge_minor / 100 },
              productRef: { id: 'PRD-IB05', href: `${rt.base}/tmf-api/productInventory/v4/product/PRD-IB05` },
            },
          ],
        });
        const refused = await usage(rt, 'GET', `/usage/${data}`);
        expect(refused.body.status).toBe('rejected');
        expect(refused.body['ratedProductUsage']).toBeUndefined();
        expect(refused.body['usageCharacteristic']).toContainEqual(
          expect.objectContaining({ name: 'rejectionReason', value: expect.stringMatching(/^NO_TARIFF: /) }),
        );

        // Filters, fields= and paging.
        const list = await usage<Usage[]>(rt, 'GET', '/usage?relatedParty.id=CUST-1006&status=rated&fields=status');
        expect(list.body.map((u) => u.id)).toEqual([id]);
        expect(list.headers.get('x-total-count')).toBe('1');
        expect(Object.keys(list.body[0]!).sort()).toEqual([
          '@baseType',
          '@schemaLocation',
          '@type',
          'href',
          'id',
          'status',
        ]);
        const page = await usage<Usage[]>(rt, 'GET', '/usage?usageType=voice,data&limit=1&offset=1');
        expect([page.headers.get('x-total-count'), page.headers.get('x-result-count')]).toEqual(['2', '1']);
        expect(page.body.map((u) => u.id)).toEqual([id]); // newest first: the data record came second
        expect((await usage<Usage[]>(rt, 'GET', '/usage?usageDate.gt=2026-06-15T10:00:00Z')).body).toEqual([]);
        expect((await usage<Usage[]>(rt, 'GET', '/usage?usageDate.gte=2026-06-15T10:00:00Z')).body).toHaveLength(2);
        expect((await usage<Usage[]>(rt, 'GET', `/usage?id=${id}&usageType=data`)).body).toEqual([]);

        // Each record's creation and its rating or rejection, as the spec's events, once each.
        const events = rowsOf(
          rt,
          "SELECT entity_id, event_type, envelope FROM event_outbox WHERE api = 'usageManagement' ORDER BY seq",
        ) as Array<{ entity_id: string; event_type: string; envelope: string }>;
        expect(events.map((e) => [e.entity_id, e.event_type])).toEqual([
          [id, 'UsageCreateEvent'],
          [data, 'UsageCreateEvent'],
          [data, 'UsageStateChangeEvent'],
          [id, 'UsageStateChangeEvent'],
        ]);
        for (const e of events) expectValid(e.event_type, JSON.parse(e.envelope), TMF635);
        expect(events.map((e) => (JSON.parse(e.envelope) as { event: { usage: Usage } }).event.usage.status)).toEqual([
          'received',
          'received',
          'rejected',
          'rated',
        ]);

        // The usage types the tariffs rate.
        const specs = await rt.call<Usage[]>('GET', `${UM}/usageSpecification`, {
          expect: 'UsageSpecification',
          spec: TMF635,
        });
        expect(specs.body.map((s) => s.id)).toEqual(['voice', 'data']);
        const voice = await rt.call<Usage>('GET', `${UM}/usageSpecification/voice`, {
          expect: 'UsageSpecification',
          spec: TMF635,
        });
        expect(voice.body['description']).toContain('TAR-VOICE-LINE');
        expect((await rt.call('POST', `${UM}/usageSpecification`, { body: { name: 'sms' } })).status).toBe(405);
      },
      { installedBase: true },
    );
  });

  it('refuses bad bodies (400), usage it cannot rate (422), strangers (401, 403), writing nothing', async () => {
    await withApi(
      async (rt) => {
        const id = rt.id('USG-bad');
        const bad = await rt.call<Failure>('POST', `${UM}/usage`, {
          body: call(id, { usageType: 5, usageCharacteristic: [{ name: 'duration' }], usageDate: 'yesterday' }),
        });
        expect(bad.status).toBe(400);
        for (const path of ['/usageType', '/usageCharacteristic/0', '/usageDate'])
          expect(bad.body.message).toContain(path);
        expect(
          (await rt.call('POST', `${UM}/usage`, { raw: '{"usageType":', contentType: 'application/json' })).status,
        ).toBe(400);
        expect((await rt.call('POST', `${UM}/usage`, { raw: 'voice', contentType: 'text/plain' })).status).toBe(415);

        const refusals: Array<[Record<string, unknown>, string]> = [
          [
            {
              usageCharacteristic: [
                { name: 'productId', value: 'PRD-NONE' },
                { name: 'duration', value: 60 },
              ],
            },
            'no product PRD-NONE',
          ],
          [{ relatedParty: [{ id: 'CUST-NOBODY', '@referredType': 'Customer' }] }, 'no customer CUST-NOBODY'],
          [{ relatedParty: [{ id: 'CUST-1001', '@referredType': 'Customer' }] }, "is not customer CUST-1001's"],
          [{ usageType: 'sms' }, '/usageType'],
          [{ usageDate: undefined }, '/usageDate'],
          [
            {
              usageCharacteristic: [
                { name: 'productId', value: 'PRD-IB05' },
                { name: 'duration', value: 1.5 },
              ],
            },
            '/usageCharacteristic/1/value',
          ],
        ];
        for (const [over, why] of refusals) {
          const refused = await rt.call<Failure>('POST', `${UM}/usage`, { body: call(id, over) });
          expect([refused.status, refused.body.message]).toEqual([422, expect.stringContaining(why)]);
        }

        expect((await rt.call('POST', `${UM}/usage`, { body: call(id), token: null })).status).toBe(401);
        expect((await rt.call('POST', `${UM}/usage`, { body: call(id), token: TOKENS.reader })).status).toBe(403);
        expect((await rt.call('GET', `${UM}/usage`, { token: TOKENS.otherApi })).status).toBe(403);
        expect((await rt.call('GET', `${UM}/usage/${id}`)).status).toBe(404);
        expect((await rt.call('GET', `${UM}/usageSpecification/sms`)).status).toBe(404);
        expect((await rt.call('PATCH', `${UM}/usage/${id}`, { body: { status: 'billed' } })).status).toBe(405);
        expect((await rt.call('DELETE', `${UM}/usage/${id}`)).status).toBe(405);
        expect((await rt.call('GET', `${UM}/usage?status.gt=rated`)).status).toBe(400);

        expect(written(rt)).toEqual({ submissions: { n: 0 }, waiting: { n: 0 }, events: { n: 0 } });
        const empty = await usage<Usage[]>(rt, 'GET', '/usage');
        expect([empty.status, empty.body, empty.headers.get('x-total-count')]).toEqual([200, [], '0']);
      },
      { installedBase: true },
    );
  });
});
