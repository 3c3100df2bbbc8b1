import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** The metadata Temporal's tools (Web UI, CLI) show for a payload this codec sealed. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

/** An AES-256 key and the id written beside each payload it seals, so keys can rotate. */
export interface CodecKey {
  id: string;
  key: Buffer;
}

/** A payload sealed with a key id this process does not hold (rotated out, or another deployment's). */
export class UnknownCodecKeyError extends Error {
  override readonly name = 'UnknownCodecKeyError';
  constructor(readonly keyId: string) {
    super(`payload encrypted with key '${keyId}', which is not among ETOM_CODEC_KEYS`);
  }
}

/** A payload whose ciphertext, tag or key id was altered (or the key under that id is not the one used). */
export class PayloadTamperedError extends Error {
  override readonly name = 'PayloadTamperedError';
  constructor(readonly keyId: string) {
    super(`payload encrypted with key '${keyId}' failed authentication: altered, or the key under that id changed`);
  }
}

const IV_BYTES = 12; // GCM's standard nonce: random per payload, never reused with one key in practice
const TAG_BYTES = 16;
const text = new TextEncoder();
const utf8 = new TextDecoder();

/**
 * AES-256-GCM over each whole payload (metadata and data, as its protobuf bytes): only the
 * encoding and the key id stay readable. The key id is authenticated too (GCM's associated
 * data), so relabelling a payload with another id fails like any other tampering. The first key
 * seals; every key opens, so a new key can lead while histories sealed with the old ones still
 * replay. Search attributes never pass through a codec, so visibility stays queryable.
 */
export class AesGcmCodec implements PayloadCodec {
  private readonly sealing: CodecKey;
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(keys: readonly CodecKey[]) {
    if (!keys[0]) throw new Error('the payload codec needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`codec key '${k.id}' is not 32 bytes`);
    this.sealing = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.seal(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => (isEncrypted(p) ? this.open(p) : p));
  }

  private seal(payload: Payload): Payload {
    const { id, key } = this.sealing;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(id));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { encoding: text.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: text.encode(id) },
      data: new Uint8Array(sealed),
    };
  }

  private open(payload: Payload): Payload {
    const id = utf8.decode(payload.metadata?.[KEY_ID_METADATA] ?? new Uint8Array());
    const key = this.byId.get(id);
    if (!key) throw new UnknownCodecKeyError(id);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadTamperedError(id);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadTamperedError(id);
    }
    const { metadata, data: inner } = temporal.api.common.v1.Payload.decode(plain);
    return { metadata: metadata ?? {}, data: inner ?? new Uint8Array() };
  }
}

export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.['encoding'];
  return !!encoding && utf8.decode(encoding) === ENCRYPTED_ENCODING;
}

/**
 * The data converter every client and worker of a deployment uses: the codec when keys are
 * configured, else Temporal's default (plain JSON payloads, as without this feature).
 */
export function codecDataConverter(keys: readonly CodecKey[] | undefined): DataConverter {
  return keys?.length ? { payloadCodecs: [new AesGcmCodec(keys)] } : {};
}
