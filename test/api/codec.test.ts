import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { codecEndpoint, codecEndpointUrl } from '../../src/api/codec';
import { installErrorHandlers } from '../../src/api/errors';
import { parseTokens } from '../../src/api/tokens';
import { AesGcmCodec } from '../../src/temporal/codec';
import { fromJsonPayloads, type JsonPayloads, toJsonPayloads } from './codec-payloads';
import { expectValid } from './support';

const UI = 'http://localhost:8233';
const READER = 'codec-reader-0123456789';
const WRITER = 'codec-writer-0123456789';
const OTHER = 'codec-other-api-0123456789';
const codec = new AesGcmCodec([{ id: 'k1', key: randomBytes(32) }]);

async function app() {
  const a = Fastify();
  installErrorHandlers(a);
  await codecEndpoint(a, {
    codecs: [codec],
    tokens: parseTokens(`${READER}=codec:read ${WRITER}=write ${OTHER}=troubleTicket:read,troubleTicket:write`),
    origins: [UI],
  });
  return a;
}

/** A POST to the endpoint, with a bearer token when one is given. */
const post = (a: FastifyInstance, url: string, token: string | undefined, payload: unknown, origin?: string) =>
  a.inject({
    method: 'POST',
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(origin ? { origin } : {}) },
    payload: payload as object,
  });

describe('the remote codec endpoint', () => {
  it('encodes with write, decodes with read, in Temporal’s JSON payloads format', async () => {
    const a = await app();
    const plain = toJsonPayloads([defaultPayloadConverter.toPayload({ name: 'Claire Moreau' })]);
    const encoded = await post(a, '/codec/encode', WRITER, plain);
    expect(encoded.statusCode).toBe(200);
    const [sealed] = fromJsonPayloads(encoded.json<JsonPayloads>());
    expect(Buffer.from(sealed!.metadata!['encoding']!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed!.data!).toString()).not.toContain('Claire');

    const decoded = await post(a, '/codec/decode', READER, encoded.json());
    expect(decoded.statusCode).toBe(200);
    const [opened] = fromJsonPayloads(decoded.json<JsonPayloads>());
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({ name: 'Claire Moreau' });
    // A read-only token may not seal (the UI encodes what a user sends to a workflow).
    const refused = await post(a, '/codec/encode', READER, plain);
    expect(refused.statusCode).toBe(403);
    expectValid('Error', refused.json());
  });

  it('refuses without a token (401), with another API’s token (403), and a tampered payload (422), as TMF Errors', async () => {
    const a = await app();
    const sealed = await codec.encode([defaultPayloadConverter.toPayload('x')]);
    const none = await post(a, '/codec/decode', undefined, toJsonPayloads(sealed));
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'UNAUTHORIZED', status: '401' });
    expectValid('Error', none.json());
    expect((await post(a, '/codec/decode', OTHER, toJsonPayloads(sealed))).statusCode).toBe(403);

    const data = Buffer.from(sealed[0]!.data!);
    data[data.length - 1] = data[data.length - 1]! ^ 0xff;
    const tampered = await post(a, '/codec/decode', READER, toJsonPayloads([{ ...sealed[0]!, data }]));
    expect(tampered.statusCode).toBe(422);
    expect(tampered.json()).toMatchObject({ code: 'UNDECODABLE_PAYLOAD' });
    expect(tampered.json<{ message: string }>().message).toMatch(/key 'k1' failed authentication/);
    expectValid('Error', tampered.json());

    for (const bad of [
      {},
      { payloads: 'x' },
      { payloads: [{ data: 'not base64!' }] },
      { payloads: [{ metadata: [] }] },
    ]) {
      const r = await post(a, '/codec/decode', READER, bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expectValid('Error', r.json());
    }
  });

  it('answers the Web UI’s preflight without a token, and lets only its origin read the answers', async () => {
    const a = await app();
    const preflight = (origin: string) =>
      a.inject({
        method: 'OPTIONS',
        url: '/codec/decode',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-namespace',
        },
      });
    const ui = await preflight(UI);
    expect(ui.statusCode).toBe(204);
    expect(ui.headers['access-control-allow-origin']).toBe(UI);
    expect(ui.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    expect(String(ui.headers['access-control-allow-headers']).split(/,\s*/).sort()).toEqual([
      'authorization',
      'content-type',
      'x-namespace',
    ]);
    expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    const decoded = await post(a, '/codec/decode', READER, { payloads: [] }, 'https://evil.example');
    expect(decoded.statusCode).toBe(200);
    expect(decoded.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('is where etom dev points the local Web UI: the API address a browser can reach, /codec', () => {
    expect(codecEndpointUrl({ host: '127.0.0.1', port: 8622 })).toBe('http://127.0.0.1:8622/codec');
    expect(codecEndpointUrl({ host: '0.0.0.0', port: 8622 })).toBe('http://127.0.0.1:8622/codec');
    expect(codecEndpointUrl({ host: '::1', port: 9000 })).toBe('http://[::1]:9000/codec');
    expect(codecEndpointUrl({ host: '127.0.0.1', port: 0 })).toBeUndefined();
  });
});
