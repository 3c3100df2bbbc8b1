import type { Client } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { decode } from '@temporalio/common/lib/internal-non-workflow';
import { isEncrypted } from './codec';

/**
 * Opens, in place, every payload the codec sealed anywhere inside `message` (a History, one
 * event, a describe response): the readers that parse a history themselves (trace, dashboard)
 * see the same JSON payloads with or without keys configured. The SDK's own walkers cover its
 * activation messages only, not the server's history, hence this small generic one. Plain
 * payloads and search attributes (never sealed) are left as they are.
 */
export async function decodeInPlace<T>(message: T, codecs: readonly PayloadCodec[]): Promise<T> {
  if (codecs.length === 0) return message;
  await visit(message, codecs);
  return message;
}

/** decodeInPlace with the codecs `client` was made with (none: the history is returned as it is). */
export function decodeWithClient<T>(client: Client, message: T): Promise<T> {
  return decodeInPlace(message, client.options.loadedDataConverter.payloadCodecs);
}

async function visit(node: unknown, codecs: readonly PayloadCodec[]): Promise<void> {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return;
  if (Array.isArray(node)) {
    for (const item of node) await visit(item, codecs);
    return;
  }
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (isPayload(value) && isEncrypted(value)) {
      const [opened] = await decode([...codecs], [value]);
      record[key] = opened;
    } else if (Array.isArray(value) && value.some((v) => isPayload(v) && isEncrypted(v))) {
      record[key] = await decode([...codecs], value as Payload[]);
    } else {
      await visit(value, codecs);
    }
  }
}

function isPayload(value: unknown): value is Payload {
  return !!value && typeof value === 'object' && 'metadata' in value && 'data' in value;
}
