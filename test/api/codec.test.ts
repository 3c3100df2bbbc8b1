import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { codecEndpoint } from '../../src/api/codec';
import { installErrorHandlers } from '../../src/api/errors';
import { parseTokens } from '../../src/api/tokens';
import { AesGcmCodec } from '../../src/temporal/codec';
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

const toJson = (p: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const fromJson = (p: { metadata: Record<string, string>; data: string }) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data, 'base64'),
});
type Body = { payloads: Array<{ metadata: Record<string, string>; data: string }> };

describe('the remote codec endpoint', () => {
  it('encodes with write, decodes with read, in Temporal’s JSON payloads format', async () => {
    const a = await app();
    const plain = { payloads: [toJson(defaultPayloadConverter.toPayload({ name: 'Claire Moreau' }))] };
    const encoded = await a.inject({
      method: 'POST',
      url: '/codec/encode',
      headers: { authorization: `Bearer ${WRITER}`, 'x-namespace': 'default' },
      payload: plain,
    });
    expect(encoded.statusCode).toBe(200);
    const sealed = encoded.json<Body>();
    expect(Buffer.from(sealed.payloads[0]!.metadata['encoding']!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed.payloads[0]!.data, 'base64').toString()).not.toContain('Claire');

    const decoded = await a.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { authorization: `Bearer ${READER}` },
      payload: sealed,
    });
    expect(decoded.statusCode).toBe(200);
    expect(defaultPayloadConverter.fromPayload(fromJson(decoded.json<Body>().payloads[0]!))).toEqual({
      name: 'Claire Moreau',
    });
    // A read-only token may not seal (the UI encodes what a user sends to a workflow).
    const refused = await a.inject({
      method: 'POST',
      url: '/codec/encode',
      headers: { authorization: `Bearer ${READER}` },
      payload: plain,
    });
    expect(refused.statusCode).toBe(403);
    expectValid('Error', refused.json());
  });

  it('refuses without a token (401), with another API’s token (403), and a tampered payload (422), as TMF Errors', async () => {
    const a = await app();
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload('x')]);
    const body = { payloads: [toJson(sealed!)] };
    const none = await a.inject({ method: 'POST', url: '/codec/decode', payload: body });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'UNAUTHORIZED', status: '401' });
    expectValid('Error', none.json());
    const other = await a.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { authorization: `Bearer ${OTHER}` },
      payload: body,
    });
    expect(other.statusCode).toBe(403);

    const data = Buffer.from(sealed!.data!);
    data[data.length - 1] = data[data.length - 1]! ^ 0xff;
    const tampered = await a.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { authorization: `Bearer ${READER}` },
      payload: { payloads: [{ ...toJson(sealed!), data: data.toString('base64') }] },
    });
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
      const r = await a.inject({
        method: 'POST',
        url: '/codec/decode',
        headers: { authorization: `Bearer ${READER}` },
        payload: bad,
      });
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expectValid('Error', r.json());
    }
  });

  it('answers the Web UI’s preflight without a token, and lets only its origin read the answers', async () => {
    const a = await app();
    const preflight = await a.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: {
        origin: UI,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    expect(String(preflight.headers['access-control-allow-headers']).split(/,\s*/).sort()).toEqual([
      'authorization',
      'content-type',
      'x-namespace',
    ]);
    const elsewhere = await a.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    const decoded = await a.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { authorization: `Bearer ${READER}`, origin: 'https://evil.example' },
      payload: { payloads: [] },
    });
    expect(decoded.statusCode).toBe(200);
    expect(decoded.headers['access-control-allow-origin']).toBeUndefined();
  });
});
