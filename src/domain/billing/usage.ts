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

/** A record as mediation reads it: the event, and its start as epoch milliseconds (read once, in the same pass). */
export interface ParsedCdr extends UsageEvent {
  startedAtMs: number;
}

/** A whole number written in s[from, to), or NaN: no sign, no exponent, no more than 15 digits. */
function wholeNumber(s: string, from: number, to: number): number {
  if (from === to || to - from > 15) return NaN;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

const twoDigits = (s: string, at: number): number => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;

/**
 * Milliseconds since the epoch of the `YYYY-MM-DDTHH:MM:SS[.fff]Z` timestamp written in
 * s[from, to), or NaN if it is not one. Checked by position and computed from its digits
 * (days from the civil date by Howard Hinnant's algorithm): the value Date.parse gives, at a
 * fraction of its cost, because rating reads one per record. Fractions of a second are dropped.
 */
export function utcMillisAt(s: string, from: number, to: number): number {
  const n = to - from;
  if (n < 20 || s.charCodeAt(to - 1) !== 90 /* Z */ || (n !== 20 && s.charCodeAt(from + 19) !== 46)) /* . */ return NaN;
  for (let i = 0; i < 19; i++) {
    const c = s.charCodeAt(from + i);
    const sep = i === 4 || i === 7 ? 45 /* - */ : i === 10 ? 84 /* T */ : i === 13 || i === 16 ? 58 /* : */ : 0;
    if (sep ? c !== sep : c < 48 || c > 57) return NaN;
  }
  const y = twoDigits(s, from) * 100 + twoDigits(s, from + 2);
  const m = twoDigits(s, from + 5);
  const d = twoDigits(s, from + 8);
  const hh = twoDigits(s, from + 11);
  const mm = twoDigits(s, from + 14);
  const ss = twoDigits(s, from + 17);
  // A day the month has (found by the fuzzer, #16: 31 September read as 1 October).
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const monthDays = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  if (m < 1 || m > 12 || d < 1 || d > monthDays || hh > 23 || mm > 59 || ss > 59) return NaN;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return ((days * 24 + hh) * 60 + mm) * 60_000 + ss * 1000;
}

/** Milliseconds of a whole `YYYY-MM-DDTHH:MM:SS[.fff]Z` string, or NaN. */
export const utcMillis = (iso: string): number => utcMillisAt(iso, 0, iso.length);

/**
 * Reads one CDR line; a line that does not follow the format gives the reason instead.
 * One pass over the line's commas, with no intermediate array: mediation and rating read
 * every record, so this is the hot path of the usage-to-cash flow.
 */
export function parseCdr(line: string): { ok: true; event: ParsedCdr } | { ok: false; error: string } {
  const c1 = line.indexOf(',');
  const c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
  const c3 = c2 < 0 ? -1 : line.indexOf(',', c2 + 1);
  const c4 = c3 < 0 ? -1 : line.indexOf(',', c3 + 1);
  const c5 = c4 < 0 ? -1 : line.indexOf(',', c4 + 1);
  const c6 = c5 < 0 ? -1 : line.indexOf(',', c5 + 1);
  if (c6 < 0 || line.indexOf(',', c6 + 1) >= 0)
    return { ok: false, error: `expected 7 fields, got ${line.split(',').length}` };
  const usageType =
    c1 === 5 && line.startsWith('VOICE') ? 'voice' : c1 === 4 && line.startsWith('DATA') ? 'data' : undefined;
  if (!usageType) return { ok: false, error: `unknown record type '${line.slice(0, c1)}'` };
  if (c2 === c1 + 1 || c3 === c2 + 1) return { ok: false, error: 'missing correlation or element id' };
  const seq = wholeNumber(line, c3 + 1, c4);
  if (seq !== seq) return { ok: false, error: `sequence '${line.slice(c3 + 1, c4)}' is not a whole number` };
  const startedAtMs = utcMillisAt(line, c4 + 1, c5);
  if (startedAtMs !== startedAtMs)
    return { ok: false, error: `start '${line.slice(c4 + 1, c5)}' is not a UTC timestamp` };
  const quantity = wholeNumber(line, c5 + 1, c6);
  if (quantity !== quantity) return { ok: false, error: `quantity '${line.slice(c5 + 1, c6)}' is not a whole number` };
  return {
    ok: true,
    event: {
      usageType,
      correlationId: line.slice(c1 + 1, c2),
      elementId: line.slice(c2 + 1, c3),
      seq,
      startedAt: line.slice(c4 + 1, c5),
      startedAtMs,
      quantity,
      party: line.slice(c6 + 1),
    },
  };
}

/** A collection, by reference: records stay in the store, workflows pass the id and counts (claim-check). */
export const UsageBatchRef = z.object({
  collectionId: z.string().min(1),
  records: z.number().int().nonnegative(),
});
export type UsageBatchRef = z.infer<typeof UsageBatchRef>;
