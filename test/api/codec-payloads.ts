import type { Payload } from '@temporalio/common';

/**
 * Temporal's remote codec format, written out by the tests on their own (not with the server's
 * code): proto3 JSON, every byte field in base64.
 */
export interface JsonPayloads {
  payloads: Array<{ metadata: Record<string, string>; data: string }>;
}

export const toJsonPayloads = (payloads: readonly Payload[]): JsonPayloads => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  })),
});

export const fromJsonPayloads = (body: JsonPayloads): Payload[] =>
  body.payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data, 'base64'),
  }));
