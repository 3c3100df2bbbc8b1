import { z } from 'zod';

/**
 * Usage records, from the network element that produced them (RM&O, 1.AB.3.5) to the bill
 * (CRM, 1.B.1.8), through mediation and rating (SM&O, 1.B.2.5).
 *
 *   received ─▶ guided ─▶ rated ─▶ billed
 *       │          ▲
 *       ▼          │
 *   rejected ─▶ recycled
 *
 * `received`: collected and processed (formatted, enriched with the service it belongs to);
 * `guided`: mediated — valid, normalised, not a duplicate, with the tariff that will rate it;
 * `rated`: carries its charge; `billed`: on a customer's bill. A record mediation refuses is
 * `rejected` with a reason; once its reference data is fixed it is `recycled`, and the next
 * mediation guides it like a new one. Duplicates are rejected for good.
 */
export const UsageRecordState = z.enum(['received', 'guided', 'rated', 'billed', 'rejected', 'recycled']);
export type UsageRecordState = z.infer<typeof UsageRecordState>;

/** The transitions the state model allows; the store refuses any other. */
export const USAGE_TRANSITIONS: Readonly<Record<UsageRecordState, readonly UsageRecordState[]>> = {
  received: ['guided', 'rejected'],
  recycled: ['guided', 'rejected'],
  guided: ['rated', 'rejected'],
  rated: ['billed'],
  rejected: ['recycled'],
  billed: [],
};

export const UsageType = z.enum(['voice', 'data']);
export type UsageType = z.infer<typeof UsageType>;

/** Why mediation refused a record. Only reference-data reasons can be recycled. */
export const RejectReason = z.enum(['MALFORMED', 'UNKNOWN_RESOURCE', 'NO_TARIFF', 'SERVICE_NOT_ACTIVE', 'DUPLICATE']);
export type RejectReason = z.infer<typeof RejectReason>;
export const RECYCLABLE: readonly RejectReason[] = ['UNKNOWN_RESOURCE', 'NO_TARIFF', 'SERVICE_NOT_ACTIVE'];

/**
 * A call or data record as a network element writes it (one CSV line):
 * `VOICE|DATA,<correlation id>,<element id>,<sequence>,<start UTC>,<seconds|megabytes>,<called number|APN>`.
 */
export interface UsageEvent {
  usageType: UsageType;
  correlationId: string;
  elementId: string;
  seq: number;
  startedAt: string;
  /** Seconds for voice, megabytes for data. */
  quantity: number;
  party: string;
}

export const formatCdr = (e: UsageEvent): string =>
  [
    e.usageType === 'voice' ? 'VOICE' : 'DATA',
    e.correlationId,
    e.elementId,
    e.seq,
    e.startedAt,
    e.quantity,
    e.party,
  ].join(',');

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** Reads one CDR line; a line that does not follow the format gives the reason instead. */
export function parseCdr(line: string): { ok: true; event: UsageEvent } | { ok: false; error: string } {
  const f = line.split(',');
  if (f.length !== 7) return { ok: false, error: `expected 7 fields, got ${f.length}` };
  const [kind, correlationId, elementId, seq, startedAt, quantity, party] = f as [string, ...string[]];
  const usageType = kind === 'VOICE' ? 'voice' : kind === 'DATA' ? 'data' : undefined;
  if (!usageType) return { ok: false, error: `unknown record type '${kind}'` };
  if (!correlationId || !elementId) return { ok: false, error: 'missing correlation or element id' };
  if (!ISO.test(startedAt!)) return { ok: false, error: `start '${startedAt}' is not a UTC timestamp` };
  const q = Number(quantity);
  if (!quantity || !Number.isInteger(q) || q < 0)
    return { ok: false, error: `quantity '${quantity}' is not a whole number` };
  return {
    ok: true,
    event: {
      usageType,
      correlationId,
      elementId: elementId!,
      seq: Number(seq),
      startedAt: startedAt!,
      quantity: q,
      party: party!,
    },
  };
}

/** A collection, by reference: records stay in the store, workflows pass the id and counts (claim-check). */
export const UsageBatchRef = z.object({
  collectionId: z.string().min(1),
  records: z.number().int().nonnegative(),
});
export type UsageBatchRef = z.infer<typeof UsageBatchRef>;
