import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/adapters/sqlite';
import { BODY_LIMIT, type ApiServer, listen } from '../../src/api/server';
import { TmfRequestError } from '../../src/contracts/tmf-error';
import { submitProductOrder } from '../../src/fulfilment/submit';
import { BASE, expectValid, fibreOrder } from './support';
import { stubbedApi, stubClient, type RecordedStart } from './stub-client';

const TOKEN = 'limits-test-token-0123456789';

/** Rows in every table of the store: equal before and after means nothing was written. */
export function rowCounts(store: SqliteStore): Record<string, number> {
  const tables = store.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [t, store.db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]),
  );
}

/** The tests' fibre order (test/api/support.ts), its item changed by `item`, the order by `extra`. */
const order = (item: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const fibre = fibreOrder('ORD-LIMITS-API');
  return { ...fibre, productOrderItem: [{ ...fibre.productOrderItem[0], ...item }], ...extra };
};

describe('TMF622 limits at the door (#16): refused at once, nothing started, nothing written', () => {
  let store: SqliteStore;
  let server: ApiServer;
  let starts: RecordedStart[];

  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, server, starts, close } = await stubbedApi(TOKEN));
  });
  afterEach(() => close());

  const post = (body: unknown) =>
    server.app.inject({
      method: 'POST',
      url: `${BASE}/productOrder`,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function refused(body: unknown, status: number) {
    const before = rowCounts(store);
    const res = await post(body);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
    const error = res.json<Record<string, unknown>>();
    expectValid('Error', error);
    expect(error['status']).toBe(String(status));
    expect(starts).toEqual([]);
    expect(rowCounts(store)).toEqual(before);
    return error;
  }

  it('accepts a sound order (the control): 201, its workflow started once', async () => {
    const res = await post(order({}));
    expect(res.statusCode, res.body).toBe(201);
    expect(starts.map((s) => s.workflowType)).toEqual(['productOrder']);
  });

  it('refuses a negative bandwidth (it was delivered and billed)', async () => {
    const error = await refused(
      order({
        product: {
          place: [{ id: 'PAR', role: 'installationAddress' }],
          productCharacteristic: [{ name: 'bandwidthMbps', value: -100 }],
        },
      }),
      400,
    );
    expect(error['message']).toMatch(/\/productOrderItem\/0\/product\/productCharacteristic \(bandwidthMbps\): .*>=1/);
  });

  it('refuses quantity 0 (it was silently dropped), and any quantity but 1', async () => {
    const zero = await refused(order({ quantity: 0 }), 400);
    expect(zero['message']).toMatch(/\/productOrderItem\/0\/quantity: must be 1/);
    await refused(order({ quantity: 3 }), 400);
  });

  it('refuses an item without offering or site at the door, naming the fields', async () => {
    const error = await refused(
      {
        productOrderItem: [{ id: '1', action: 'add' }],
        relatedParty: [{ id: 'CUST-1001', '@referredType': 'Customer' }],
      },
      400,
    );
    expect(error['message']).toContain('/productOrderItem/0/productOffering/id');
    expect(error['message']).toContain('/productOrderItem/0/product/place');
  });

  it('refuses a note or a name past our bounds, though the specification sets none', async () => {
    const note = await refused(order({}, { note: [{ text: 'x'.repeat(500_000) }] }), 400);
    expect(note['message']).toMatch(/\/note\/0\/text: must NOT have more than 4000 characters/);
    const characteristic = await refused(
      order({
        product: {
          place: [{ id: 'PAR', role: 'installationAddress' }],
          productCharacteristic: [
            { name: 'bandwidthMbps', value: 100 },
            { name: 'note', value: 'y'.repeat(300) },
          ],
        },
      }),
      400,
    );
    expect(characteristic['message']).toMatch(/productCharacteristic \(note\): .*<=256/);
  });

  it('answers a body over 1 MB with a TMF 413, before reading it (1.5 MB and 10 MB notes)', async () => {
    for (const size of [1_500_000, 10_000_000]) {
      const error = await refused(order({}, { note: [{ text: 'x'.repeat(size) }] }), 413);
      expect(error['code']).toBe('BODY_TOO_LARGE');
    }
    expect(BODY_LIMIT).toBe(1024 * 1024);
  });

  it('answers a 10 MB body over HTTP with 413 at once, without waiting for it all', async () => {
    const address = await listen(server, '127.0.0.1', 0);
    const before = rowCounts(store);
    const res = await fetch(`${address}${BASE}/productOrder`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(order({}, { note: [{ text: 'x'.repeat(10_000_000) }] })),
    });
    expect(res.status).toBe(413);
    const error = (await res.json()) as Record<string, unknown>;
    expectValid('Error', error);
    expect(error['code']).toBe('BODY_TOO_LARGE');
    expect(starts).toEqual([]);
    expect(rowCounts(store)).toEqual(before);
  });
});

describe('submitProductOrder, the door of the CLI, the demos and other services (#16)', () => {
  const request = (characteristics: Record<string, string | number>) => ({
    externalId: 'ORD-LIMITS-1',
    customerId: 'CUST-1001',
    items: [{ id: '1', productOfferingId: 'PO-FIBRE-BIZ', region: 'PAR', characteristics }],
  });

  it('refuses a 1.5 MB or a 10 MB note, and a negative bandwidth, at once with a TMF 400, starting nothing', async () => {
    const { client, starts } = stubClient();
    for (const characteristics of <Array<Record<string, string | number>>>[
      { bandwidthMbps: 1000, note: 'x'.repeat(1_500_000) },
      { bandwidthMbps: 1000, note: 'x'.repeat(10_000_000) },
      { bandwidthMbps: -100 },
    ]) {
      const err = await submitProductOrder(client, request(characteristics)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TmfRequestError);
      expectValid('Error', (err as TmfRequestError).body);
      expect((err as TmfRequestError).body.status).toBe('400');
      expect((err as TmfRequestError).message).toMatch(/items\.0\.characteristics\.(note|bandwidthMbps)/);
    }
    expect(starts).toEqual([]);
    await submitProductOrder(client, request({ bandwidthMbps: 1000 }));
    expect(starts.map((s) => s.workflowId)).toEqual(['ORD-LIMITS-1']);
  });
});

describe('TMF642 POST /alarm (#16): what ingest refuses is a TMF 400, not a 500', () => {
  it('answers a probable cause past ingest’s bound with a 400 naming it, storing nothing and signalling nothing', async () => {
    const { store, server, starts, close } = await stubbedApi(TOKEN, { installedBase: true });
    try {
      const before = rowCounts(store);
      const res = await server.app.inject({
        method: 'POST',
        url: '/tmf-api/alarm/v4/alarm',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        payload: JSON.stringify({
          alarmType: 'equipmentAlarm',
          perceivedSeverity: 'major',
          probableCause: 'p'.repeat(1_000),
          alarmedObject: { id: 'CARD-PAR-1-1' },
          alarmRaisedTime: '2026-03-02T09:00:00Z',
          state: 'raised',
          sourceSystemId: 'EMS',
        }),
      });
      expect(res.statusCode, res.body).toBe(400);
      const error = res.json<Record<string, unknown>>();
      expectValid('Error', error, 'TMF642-AlarmManagement-v4.0.0.swagger.json');
      expect(error['message']).toMatch(/^0\.probableCause: /);
      expect(starts).toEqual([]);
      expect(rowCounts(store)).toEqual(before);
    } finally {
      await close();
    }
  });
});
