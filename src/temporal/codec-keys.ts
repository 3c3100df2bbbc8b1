import fs from 'node:fs';
import path from 'node:path';
import type { CodecKey } from './codec';

/** Where a local deployment may keep its keys instead of the environment (owner-only, like api-token). */
export const CODEC_KEYS_FILE = 'codec-keys';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * `id:base64key` entries separated by commas or whitespace (`#` starts a comment), the first
 * one sealing new payloads and all of them opening old ones: `k2:…,k1:…` rotates k1 out of
 * sealing while k1's histories still decode. Each key is 32 bytes (AES-256); every mistake is
 * one line that names the entry by its id, never the key.
 */
export function parseCodecKeys(textOfKeys: string, source = 'ETOM_CODEC_KEYS'): CodecKey[] {
  const entries = textOfKeys
    .split('\n')
    .map((line) => line.split('#')[0]!)
    .join('\n')
    .split(/[\s,]+/)
    .filter(Boolean);
  const keys: CodecKey[] = [];
  for (const [n, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id))
      throw new Error(`${source}: entry ${n + 1} is not 'id:base64key' (id: letters, digits, . _ -)`);
    const encoded = entry.slice(colon + 1);
    const key = Buffer.from(encoded, 'base64');
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded) || key.length !== 32)
      throw new Error(`${source}: key '${id}' must be 32 bytes in base64 (got ${key.length}): openssl rand -base64 32`);
    if (keys.some((k) => k.id === id)) throw new Error(`${source}: key id '${id}' appears twice`);
    keys.push({ id, key });
  }
  if (keys.length === 0) throw new Error(`${source} names no key`);
  return keys;
}

/**
 * The payload codec's keys: ETOM_CODEC_KEYS (the entries, or `@file` naming a file of them),
 * else `<data dir>/codec-keys` when it exists, else none: payloads stay plain, as by default.
 */
export function loadCodecKeys(setting: string | undefined, dataDir: string): CodecKey[] | undefined {
  if (setting) {
    if (!setting.startsWith('@')) return parseCodecKeys(setting);
    return parseCodecKeys(readKeyFile(setting.slice(1)), `ETOM_CODEC_KEYS file ${setting.slice(1)}`);
  }
  const file = path.join(dataDir, CODEC_KEYS_FILE);
  return fs.existsSync(file) ? parseCodecKeys(readKeyFile(file), file) : undefined;
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the codec keys in ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
