import fs from 'node:fs';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import Ajv04, { type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { loadApiConfig } from '../../src/api/config';
import type { AssuranceTimingsInput } from '../../src/domain/assurance/timings';
import { createApiServer, listen } from '../../src/api/server';
import { parseTokens } from '../../src/api/tokens';
import { ASSURANCE_TEST_TIMINGS } from '../support/assurance';
import { eventually, TEST_TIMINGS } from '../support/fulfilment';
import { type TestRuntime, withWorkers } from '../support/runtime';

/** Tokens of the tests: every scope, read only, and write on another API only. */
export const TOKENS = {
  full: 'test-token-full-0123456789',
  reader: 'test-token-read-0123456789',
  otherApi: 'test-token-other-0123456789',
};
const TOKEN_TEXT = `${TOKENS.full}=read,write ${TOKENS.reader}=read ${TOKENS.otherApi}=troubleTicket:read,troubleTicket:write`;

export const TMF622_FILE = 'TMF622-ProductOrdering-v4.0.0.swagger.json';
export const BASE = '/tmf-api/productOrderingManagement/v4';

/**
 * The official specification, compiled by the test on its own (not through the server's
 * code), one definition at a time: every response the tests receive is checked against it.
 */
const specs = new Map<string, (definition: string) => ValidateFunction>();
export function specValidator(file: string): (definition: string) => ValidateFunction {
  let v = specs.get(file);
  if (!v) {
    const ajv = new Ajv04({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('base64', true);
    const doc: unknown = JSON.parse(fs.readFileSync(path.join(loadApiConfig({}).tmfDir, file), 'utf8'));
    ajv.addSchema(doc as object, file);
    v = (definition) => ajv.getSchema(`${file}#/definitions/${definition}`)!;
    specs.set(file, v);
  }
  return v;
}

export function expectValid(definition: string, value: unknown, file = TMF622_FILE): void {
  const validate = specValidator(file)(definition);
  expect(validate, `${definition} is defined`).toBeTypeOf('function');
  const ok = validate(value);
  expect(ok ? [] : validate.errors, `response against ${definition}: ${JSON.stringify(value).slice(0, 400)}`).toEqual(
    [],
  );
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is (a string), instead of JSON. */
  raw?: string;
  token?: string | null;
  contentType?: string;
  /** The definition a success body must satisfy (each element, for a list). Errors are checked against `Error`. */
  expect?: string;
  /** The specification file `expect` is defined in (TMF622's by default). */
  spec?: string;
}

export interface ApiTestRuntime extends TestRuntime {
  base: string;
  call<T = Record<string, unknown>>(method: string, url: string, opts?: CallOptions): Promise<Reply<T>>;
  /** The workflows the server's Temporal namespace knows on this test's queue of a layer (CRM's by default). */
  workflowIds(layer?: 'crm' | 'smo' | 'rmo'): Promise<string[]>;
}

/** The real API server on a free loopback port, in front of the real workers of one test. */
export async function withApi<T>(
  body: (rt: ApiTestRuntime) => Promise<T>,
  opts: {
    installedBase?: boolean;
    assuranceTimings?: AssuranceTimingsInput;
    webUiUrl?: string;
    /** The payload codec (#16), for the test's client and workers alike. */
    dataConverter?: DataConverter;
  } = {},
) {
  const { assuranceTimings, webUiUrl, ...workers } = opts;
  return withWorkers(async (rt) => {
    const server = await createApiServer({
      client: rt.client,
      ports: rt.store.ports,
      tokens: parseTokens(TOKEN_TEXT),
      tmfDir: loadApiConfig({}).tmfDir,
      taskQueuePrefix: rt.prefix,
      orderTimings: TEST_TIMINGS,
      assuranceTimings: { ...ASSURANCE_TEST_TIMINGS, ...assuranceTimings },
      webUiUrl,
    });
    const address = await listen(server, '127.0.0.1', 0);
    const call: ApiTestRuntime['call'] = async (method, url, o = {}) => {
      const headers: Record<string, string> = {};
      if (o.token !== null) headers['authorization'] = `Bearer ${o.token ?? TOKENS.full}`;
      const payload = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
      if (payload !== undefined) headers['content-type'] = o.contentType ?? 'application/json';
      const res = await fetch(`${address}${url.startsWith('/tmf-api') ? '' : BASE}${url}`, {
        method,
        headers,
        body: payload,
      });
      const text = await res.text();
      const parsed: unknown = text ? JSON.parse(text) : undefined;
      if (res.status >= 400) {
        expectValid('Error', parsed);
        expect(text, 'no stack trace').not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts:\d+/);
      } else {
        expect(
          o.expect,
          `${method} ${url} answered ${res.status}: name the definition to check it against`,
        ).toBeDefined();
        for (const item of Array.isArray(parsed) ? parsed : [parsed]) expectValid(o.expect!, item, o.spec);
      }
      return { status: res.status, headers: res.headers, body: parsed as never };
    };
    const workflowIds = async (layer: 'crm' | 'smo' | 'rmo' = 'crm') => {
      const ids: string[] = [];
      for await (const w of rt.client.workflow.list({ query: `TaskQueue = '${rt.queue(layer)}'` }))
        ids.push(w.workflowId);
      return ids;
    };
    try {
      return await body({ ...rt, base: address, call, workflowIds });
    } finally {
      await server.app.close();
    }
  }, workers);
}

/** A TMF622 order for PO-FIBRE-BIZ (a fibre access and a static IP), for CUST-1001 in Paris. */
export const fibreOrder = (externalId: string) => ({
  externalId,
  productOrderItem: [
    {
      id: '1',
      action: 'add',
      productOffering: { id: 'PO-FIBRE-BIZ' },
      product: { place: [{ role: 'installationAddress', id: 'PAR' }] },
    },
  ],
  relatedParty: [{ id: 'CUST-1001', role: 'customer', '@referredType': 'Customer' }],
});

/** A TMF622 order for PO-VPN-BIZ (a VPN site in Marseille on a supplier's access circuit), for CUST-1002. */
export const vpnOrder = (externalId: string, vpnName = 'MARTIN') => ({
  externalId,
  productOrderItem: [
    {
      id: '1',
      action: 'add',
      productOffering: { id: 'PO-VPN-BIZ' },
      product: {
        place: [{ role: 'installationAddress', id: 'MRS' }],
        productCharacteristic: [
          { name: 'vpnName', value: vpnName },
          { name: 'bandwidthMbps', value: 100 },
        ],
      },
    },
  ],
  relatedParty: [{ id: 'CUST-1002', role: 'customer', '@referredType': 'Customer' }],
});

/** CUST-1005's TMF621 report about their internet access SVC-IB04-1 (its CPE fails until a technician repairs it). */
export const troubleReport = (externalId: string, severity = 'Major') => ({
  externalId,
  description: 'no internet since this morning',
  severity,
  ticketType: 'serviceTrouble',
  relatedParty: [{ id: 'CUST-1005', role: 'customer', '@referredType': 'Customer' }],
  relatedEntity: [{ id: 'SVC-IB04-1', role: 'affectedService', '@referredType': 'Service' }],
});

/** Places `fibreOrder` through TMF622, and waits for the order to complete; answers its id. */
export async function placeCompletedFibreOrder(rt: ApiTestRuntime, name: string): Promise<string> {
  const id = rt.id(name);
  const placed = await rt.call('POST', `${BASE}/productOrder`, { expect: 'ProductOrder', body: fibreOrder(id) });
  expect(placed.status).toBe(201);
  await eventually(
    async () =>
      (await rt.call<{ state?: string }>('GET', `${BASE}/productOrder/${id}`, { expect: 'ProductOrder' })).body
        .state === 'completed',
    `order ${id} to complete`,
    45_000,
  );
  return id;
}
