import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/adapters/sqlite';
import { loadApiConfig } from '../../src/api/config';
import type { ApiServer } from '../../src/api/server';
import { specValidator } from '../api/support';
import { type RecordedStart, stubbedApi } from '../api/stub-client';
import { bodyOf } from './json-schema-arbitrary';
import { FUZZ_RUNS, FUZZ_SEED, FUZZ_TIMEOUT, writesOf } from './support';

const TOKEN = 'fuzz-token-0123456789abcdef';

/** Every path to a leaf of a JSON value. */
function leaves(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(v)) return v.flatMap((e, i) => leaves(e, [...at, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, e]) => leaves(e, [...at, k]));
  return [at];
}

function setAt(v: unknown, at: ReadonlyArray<string | number>, value: unknown): unknown {
  if (!at.length) return value;
  const [head, ...rest] = at;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[head!] = setAt(copy[head!], rest, value);
  return copy;
}

/** A TMF622 order Order Handling takes, to be changed in one place: the fuzzer reaches its checks. */
const ORDER = {
  externalId: 'FUZZ-1',
  productOrderItem: [
    {
      id: '1',
      action: 'add',
      quantity: 1,
      productOffering: { id: 'PO-FIBRE-BIZ' },
      product: {
        place: [{ id: 'PAR', role: 'installationAddress' }],
        productCharacteristic: [{ name: 'bandwidthMbps', value: 1000 }],
      },
    },
  ],
  relatedParty: [{ id: 'CUST-1001', role: 'customer', '@referredType': 'Customer' }],
};
const orderLeaves = leaves(ORDER);
const mutatedOrder = fc
  .tuple(
    fc.constantFrom(...orderLeaves),
    fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom(-100, 0, 2, 1.5, 1e21, '', 'x'.repeat(5_000), 'PO-VPN-BIZ', 'MRS', 'CUST-9999', 'toString'),
    ),
  )
  .map(([at, value]) => setAt(ORDER, at, value));

/** A valid body broken in one place: one attribute's value replaced by something hostile. */
function breakOne(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const keys = Object.keys(body);
  if (!keys.length) return body;
  const key = keys[keys.join('').length % keys.length]!;
  const hostile = [null, -1, '', 'x'.repeat(5_000), [], {}, 1e21, [{}]][key.length % 8];
  return { ...body, [key]: hostile };
}

/** One operation a specification defines: where, how, and the definition of its body. */
interface Operation {
  file: string;
  method: string;
  url: string;
  body?: string;
}

interface Swagger {
  basePath: string;
  paths: Record<string, Record<string, { parameters?: Array<{ in: string; schema?: { $ref?: string } }> }>>;
  definitions: Record<string, object>;
}

const tmfDir = loadApiConfig({}).tmfDir;
const docOf = (file: string) => JSON.parse(fs.readFileSync(path.join(tmfDir, file), 'utf8')) as Swagger;

/**
 * Every operation of every TMF API the server serves (those it answers 405 included), with
 * generated bodies — valid against the specification's own definition, or broken in places, or
 * any JSON — and generated ids and query strings, through Fastify's inject (no network), before
 * a Temporal client that records what it is asked to start, over an in-memory store.
 */
describe('fuzz (#16): every TMF API endpoint', () => {
  let store: SqliteStore;
  let server: ApiServer;
  let starts: RecordedStart[];
  let close: () => Promise<void>;
  const operations: Operation[] = [];
  const bodies = new Map<string, fc.Arbitrary<unknown>>();

  beforeAll(async () => {
    ({ store, server, starts, close } = await stubbedApi(TOKEN, { installedBase: true }));
    for (const spec of Object.values(server.specs)) {
      const doc = docOf(spec.file);
      for (const [p, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const ref = op.parameters?.find((x) => x.in === 'body')?.schema?.$ref?.replace('#/definitions/', '');
          operations.push({ file: spec.file, method: method.toUpperCase(), url: `${spec.basePath}${p}`, body: ref });
          if (ref && !bodies.has(`${spec.file}#${ref}`))
            bodies.set(`${spec.file}#${ref}`, bodyOf(doc.definitions as never, ref, { breakRate: 0 }));
        }
      }
    }
  });
  afterAll(() => close());

  const ids = fc.oneof(
    fc.constantFrom('1', 'ORD-1', 'CUST-1001', 'SUB-000001', 'TT-1', '..', '%00', 'x'.repeat(300)),
    fc.string({ minLength: 1, maxLength: 12 }),
  );
  const query = fc.dictionary(
    fc.oneof(
      fc.constantFrom('fields', 'limit', 'offset', 'state', 'id', 'status', 'relatedParty.id', 'orderDate.gte'),
      fc.constantFrom('creationDate.lt', 'name', 'severity', 'usageType', 'payloads', 'x.gt'),
      fc.string({ maxLength: 8 }),
    ),
    fc.oneof(
      fc.constantFrom('-1', '0', '1e9', 'abc', 'completed,failed', '2026-01-01T00:00:00Z', '', 'id,state', '%'),
      fc.string({ maxLength: 10 }),
    ),
    { maxKeys: 3 },
  );

  it(
    `${FUZZ_RUNS} generated requests: 2xx, or a 4xx with a TMF Error body valid against the specification, nothing started and nothing written; never a 500`,
    async () => {
      // The operations this server serves (a specification's listener paths are the client's).
      const served = operations.filter((o) => !o.url.includes('/listener/'));
      const request = fc.constantFrom(...served.keys()).chain((n) => {
        const op = served[n]!;
        const spec = bodies.get(`${op.file}#${op.body}`)!;
        const body = op.body
          ? fc.oneof(
              ...(op.body === 'ProductOrder_Create' ? [{ arbitrary: mutatedOrder, weight: 3 }] : []),
              { arbitrary: spec, weight: 2 },
              { arbitrary: spec.map(breakOne), weight: 2 },
              { arbitrary: fc.jsonValue(), weight: 1 },
            )
          : fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined, freq: 3 });
        const method = fc.oneof(
          { arbitrary: fc.constant(op.method), weight: 9 },
          { arbitrary: fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE'), weight: 1 },
        );
        const token = fc.oneof(
          { arbitrary: fc.constant(`Bearer ${TOKEN}`), weight: 18 },
          { arbitrary: fc.constantFrom(undefined, 'Bearer nope', 'Basic x'), weight: 1 },
        );
        return fc.record({ op: fc.constant(op), method, id: ids, query, body, token });
      });
      const failures: string[] = [];
      await fc.assert(
        fc.asyncProperty(request, async ({ op, method, id, query: q, body, token }) => {
          const url = `${op.url.replace('{id}', encodeURIComponent(id))}${Object.keys(q).length ? `?${new URLSearchParams(q)}` : ''}`;
          const before = { writes: writesOf(store), starts: starts.length };
          const res = await server.app.inject({
            method: method as 'GET',
            url,
            headers: { ...(token ? { authorization: token } : {}), 'content-type': 'application/json' },
            ...(body !== undefined && method !== 'GET' ? { payload: JSON.stringify(body) } : {}),
          });
          const where = `${method} ${url} ${JSON.stringify(body)?.slice(0, 200)}`;
          if (process.env['FUZZ_DEBUG'] && method === 'POST' && res.statusCode >= 400 && !op.url.endsWith('}'))
            console.log(res.statusCode, op.url, res.body.slice(0, 200));
          if (res.statusCode >= 500) failures.push(`${res.statusCode} ${where}`);
          expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode < 400) return;
          const error: unknown = res.json();
          const validate = specValidator(op.file)('Error');
          expect(validate(error) ? [] : validate.errors, where).toEqual([]);
          expect(starts.length, `started on a ${res.statusCode}: ${where}`).toBe(before.starts);
          expect(writesOf(store), `written on a ${res.statusCode}: ${where}`).toBe(before.writes);
        }),
        { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
      );
      expect(failures).toEqual([]);
      if (process.env['FUZZ_DEBUG'])
        console.log(
          'started',
          starts.map((x) => x.workflowType),
        );
      // The fuzzer reached past the door: some generated orders, tickets, alarms… were taken.
      expect(starts.length).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );
});
