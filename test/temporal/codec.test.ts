import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import {
  AesGcmCodec,
  codecDataConverter,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadTamperedError,
  UnknownCodecKeyError,
} from '../../src/temporal/codec';
import { decodeInPlace } from '../../src/temporal/codec-history';
import { loadCodecKeys, parseCodecKeys } from '../../src/temporal/codec-keys';

const key = (id: string) => ({ id, key: randomBytes(32) });
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');
const customer = { name: 'Amélie Poulain', address: '15 rue des Trois Frères, Paris', phone: '+33 1 42 00 00 00' };

describe('AES-256-GCM payload codec', () => {
  it('round-trips a payload, metadata included, and leaves only the encoding and the key id readable', async () => {
    const codec = new AesGcmCodec([key('k1')]);
    const plain = defaultPayloadConverter.toPayload(customer);
    const [sealed] = await codec.encode([plain]);
    expect(text(sealed!.metadata!['encoding'])).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata![KEY_ID_METADATA])).toBe('k1');
    expect(Object.keys(sealed!.metadata!).sort()).toEqual(['encoding', KEY_ID_METADATA].sort());
    for (const v of Object.values(customer)) expect(text(sealed!.data)).not.toContain(v);
    expect(text(sealed!.data)).not.toContain('json/plain');
    const [opened] = await codec.decode([sealed!]);
    expect(text(opened!.metadata!['encoding'])).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(customer);
  });

  it('seals the same value differently each time (a fresh nonce per payload)', async () => {
    const codec = new AesGcmCodec([key('k1')]);
    const p = defaultPayloadConverter.toPayload('same');
    const [a, b] = await codec.encode([p, p]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('refuses a payload whose ciphertext, tag or key id was altered', async () => {
    const k1 = key('k1');
    const codec = new AesGcmCodec([k1, key('k0')]);
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(customer)]);
    const flipped = Buffer.from(sealed!.data!);
    flipped[20] = flipped[20]! ^ 0x01;
    await expect(codec.decode([{ ...sealed!, data: flipped }])).rejects.toBeInstanceOf(PayloadTamperedError);
    const truncated = Buffer.from(sealed!.data!).subarray(0, 10);
    await expect(codec.decode([{ ...sealed!, data: truncated }])).rejects.toBeInstanceOf(PayloadTamperedError);
    // Relabelled with the other key's id: the id is authenticated data, so this fails too.
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('k0') } };
    await expect(codec.decode([relabelled])).rejects.toBeInstanceOf(PayloadTamperedError);
  });

  it('names the key id it does not hold', async () => {
    const [sealed] = await new AesGcmCodec([key('old')]).encode([defaultPayloadConverter.toPayload(1)]);
    const err = await new AesGcmCodec([key('new')]).decode([sealed!]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownCodecKeyError);
    expect((err as Error).message).toBe("payload encrypted with key 'old', which is not among ETOM_CODEC_KEYS");
  });

  it('rotates: k2 seals new payloads, k1 still opens the history it sealed', async () => {
    const k1 = key('k1');
    const k2 = key('k2');
    const [before] = await new AesGcmCodec([k1]).encode([defaultPayloadConverter.toPayload('sealed by k1')]);
    const rotated = new AesGcmCodec([k2, k1]);
    const [after] = await rotated.encode([defaultPayloadConverter.toPayload('sealed by k2')]);
    expect(text(after!.metadata![KEY_ID_METADATA])).toBe('k2');
    const opened = await rotated.decode([before!, after!]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['sealed by k1', 'sealed by k2']);
  });

  it('passes plain payloads through decode (histories from before the key)', async () => {
    const plain = defaultPayloadConverter.toPayload(customer);
    const [same] = await new AesGcmCodec([key('k1')]).decode([plain]);
    expect(same).toBe(plain);
  });

  it('is off without keys: the default converter, as before', () => {
    expect(codecDataConverter(undefined)).toEqual({});
    expect(codecDataConverter([key('k1')]).payloadCodecs).toHaveLength(1);
  });
});

describe('codec keys from configuration', () => {
  const b64 = () => randomBytes(32).toString('base64');

  it('reads id:base64 entries, the first one sealing', () => {
    const keys = parseCodecKeys(`k2:${b64()}, k1:${b64()}\n# retired later\n`);
    expect(keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(keys.every((k) => k.key.length === 32)).toBe(true);
  });

  it('refuses a key of the wrong length in one line naming the id, never the key', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => parseCodecKeys(`k1:${short}`)).toThrow(
      "ETOM_CODEC_KEYS: key 'k1' must be 32 bytes in base64 (got 16): openssl rand -base64 32",
    );
    expect(() => parseCodecKeys(`k1:${short}`)).not.toThrow(short);
    expect(() => parseCodecKeys('k1:not base64!')).toThrow(/key 'k1' must be 32 bytes/);
    expect(() => parseCodecKeys(b64())).toThrow("ETOM_CODEC_KEYS: entry 1 is not 'id:base64key'");
    expect(() => parseCodecKeys(`a:${b64()},a:${b64()}`)).toThrow("ETOM_CODEC_KEYS: key id 'a' appears twice");
    expect(() => parseCodecKeys(' , ')).toThrow('ETOM_CODEC_KEYS names no key');
  });

  it('takes @file, else <data dir>/codec-keys, else none', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-codec-'));
    try {
      expect(loadCodecKeys(undefined, dir)).toBeUndefined();
      fs.writeFileSync(path.join(dir, 'codec-keys'), `local:${b64()}\n`, { mode: 0o600 });
      expect(loadCodecKeys(undefined, dir)?.map((k) => k.id)).toEqual(['local']);
      const file = path.join(dir, 'other');
      fs.writeFileSync(file, `from-file:${b64()}\n`);
      expect(loadCodecKeys(`@${file}`, dir)?.map((k) => k.id)).toEqual(['from-file']);
      expect(() => loadCodecKeys(`@${path.join(dir, 'absent')}`, dir)).toThrow(
        /cannot read the codec keys in .*absent: ENOENT/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('decoding a history in place', () => {
  it('opens every sealed payload of the events and leaves the rest alone', async () => {
    const codec = new AesGcmCodec([key('k1')]);
    const [input] = await codec.encode([defaultPayloadConverter.toPayload(customer)]);
    const [result] = await codec.encode([defaultPayloadConverter.toPayload('done')]);
    const attribute = defaultPayloadConverter.toPayload('keyword');
    const history = temporal.api.history.v1.History.create({
      events: [
        {
          workflowExecutionStartedEventAttributes: {
            input: { payloads: [input!] },
            searchAttributes: { indexedFields: { EtomState: attribute } },
          },
        },
        { workflowExecutionCompletedEventAttributes: { result: { payloads: [result!] } } },
      ],
    });
    await decodeInPlace(history, [codec]);
    const started = history.events[0]!.workflowExecutionStartedEventAttributes!;
    expect(defaultPayloadConverter.fromPayload(started.input!.payloads![0]!)).toEqual(customer);
    expect(started.searchAttributes!.indexedFields!['EtomState']).toBe(attribute);
    const completed = history.events[1]!.workflowExecutionCompletedEventAttributes!;
    expect(defaultPayloadConverter.fromPayload(completed.result!.payloads![0]!)).toBe('done');
  });
});
