import type { Payload, PayloadCodec } from '@temporalio/common';
import { decode, encode } from '@temporalio/common/lib/internal-non-workflow';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PayloadTamperedError, UnknownCodecKeyError } from '../temporal/codec';
import { bearerAuth } from './auth';
import { ApiError } from './errors';
import type { TokenSet } from './tokens';

/** Where the Web UI is told to send payloads (`--ui-codec-endpoint <api>/codec`). */
export const CODEC_PATH = '/codec';
/** A page of history can hold many payloads of up to Temporal's 2 MB each: more room than the TMF bodies. */
const CODEC_BODY_LIMIT = 8 * 1024 * 1024;
/** What the Web UI sends: its namespace, the user's token when it passes one, JSON. */
const ALLOWED_HEADERS = 'authorization, content-type, x-namespace';

export interface CodecEndpointOptions {
  codecs: readonly PayloadCodec[];
  tokens: TokenSet;
  /** The Web UI's origins (`http://localhost:8233`): the only pages whose scripts may read the answers. */
  origins: readonly string[];
}

/** A payload as Temporal's remote codec protocol carries it: proto3 JSON, every byte field in base64. */
interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/**
 * Temporal's remote codec endpoint: POST /codec/decode and /codec/encode take and return
 * `{ payloads: [...] }`, so the Web UI and `temporal` CLI (`--codec-endpoint`) show readable
 * payloads of encrypted histories to whoever holds a token: `read` (or `codec:read`) to decode,
 * `write` (or `codec:write`) to encode what the UI sends (a signal's input). The keys never
 * leave this process. CORS lets only the configured Web UI origins read the answers; the
 * preflight needs no token, as browsers send none with it.
 */
export async function codecEndpoint(app: FastifyInstance, opts: CodecEndpointOptions): Promise<void> {
  const codecs = [...opts.codecs];
  // Decoding hands out plain data: it reads; encoding seals what a user sends: it writes.
  const routes = [
    { path: '/decode', access: 'read', run: (p: Payload[]) => decode(codecs, p).catch(refused) },
    { path: '/encode', access: 'write', run: (p: Payload[]) => encode(codecs, p) },
  ] as const;
  await app.register(
    async (codec) => {
      codec.addHook('onRequest', corsHeaders(opts.origins));
      for (const { path, access, run } of routes) {
        codec.options(path, preflight);
        codec.post(path, {
          bodyLimit: CODEC_BODY_LIMIT,
          onRequest: bearerAuth(opts.tokens, 'codec', access),
          handler: async (request) => ({ payloads: (await run(payloadsOf(request.body))).map(toJson) }),
        });
      }
    },
    { prefix: CODEC_PATH },
  );
}

function corsHeaders(origins: readonly string[]) {
  const allowed = new Set(origins.map((o) => o.replace(/\/+$/, '')));
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const origin = request.headers.origin;
    // Every answer, refusals included, so the UI can show a 401 rather than an opaque CORS failure.
    if (origin && allowed.has(origin)) {
      reply.headers({
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        vary: 'Origin',
      });
    }
    done();
  };
}

async function preflight(_request: FastifyRequest, reply: FastifyReply) {
  return reply
    .code(204)
    .headers({
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': '600',
    })
    .send();
}

function payloadsOf(body: unknown): Payload[] {
  const list = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(list)) throw invalid('/payloads: must be an array');
  return list.map((p: unknown, i) => fromJson(p, `/payloads/${i}`));
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function bytes(value: unknown, at: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) throw invalid(`${at}: must be base64`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

function fromJson(value: unknown, at: string): Payload {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(`${at}: must be an object`);
  const { metadata = {}, data = '' } = value as JsonPayload;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata))
    throw invalid(`${at}/metadata: must be an object`);
  return {
    metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, bytes(v, `${at}/metadata/${k}`)])),
    data: bytes(data, `${at}/data`),
  };
}

const b64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('base64');

function toJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
    data: b64(payload.data),
  };
}

const invalid = (message: string) => new ApiError(400, 'INVALID_BODY', 'Invalid payloads', message);

/** A payload no key here opens: the caller's to fix (422), with the one-line reason and no key material. */
function refused(err: unknown): never {
  if (err instanceof UnknownCodecKeyError || err instanceof PayloadTamperedError)
    throw new ApiError(422, 'UNDECODABLE_PAYLOAD', 'Payload cannot be decoded', err.message);
  throw err;
}

/**
 * Where a browser reaches this process's codec endpoint, as `etom dev` tells the local Web UI
 * (`--ui-codec-endpoint`): undefined when the port is only known once listening (0).
 */
export function codecEndpointUrl(api: { host: string; port: number }): string | undefined {
  if (api.port === 0) return undefined;
  const host = api.host === '0.0.0.0' || api.host === '::' ? '127.0.0.1' : api.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${api.port}${CODEC_PATH}`;
}
