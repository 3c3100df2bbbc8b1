import { z } from 'zod';

/**
 * The bounds of what crosses a boundary (an API body, a workflow's input, an activity's input).
 * Temporal refuses a payload over 2 MB (and warns from 512 KB): an unbounded field lets a
 * caller start a flow that later dies on "result exceeds size limit", half done. Every field a
 * caller fills is bounded here, well inside those limits, so a refusal comes at the door.
 */
export const LIMITS = {
  /** An id: an entity's, a workflow's (Temporal accepts 1,000; ours are far shorter). */
  id: 255,
  /** A name or a short label (a VPN's name, a party's name). */
  name: 256,
  /** A free text a person writes: a description, a note, a reason. */
  text: 4_000,
  /** The characteristics of one item or service. */
  characteristics: 32,
  characteristicName: 64,
  characteristicText: 256,
  /** Any one string of any payload, and the whole payload serialized (UTF-16 code units). */
  payloadString: 16 * 1024,
  payload: 256 * 1024,
  /** Nesting of any payload. */
  depth: 32,
} as const;

/** An id a caller gives: not empty, bounded. */
export const BoundedId = z.string().min(1).max(LIMITS.id);
/** A short label. */
export const Name = z.string().max(LIMITS.name);
/** A person's free text. */
export const Text = z.string().max(LIMITS.text);

/**
 * The characteristics whose values the operator's services define a range for. A negative
 * bandwidth is not a service anyone can deliver or bill: it is refused, not passed on.
 */
const KNOWN_CHARACTERISTICS = new Map<string, z.ZodType>([
  ['bandwidthMbps', z.number().int().min(1).max(100_000)],
  ['prefixLength', z.number().int().min(8).max(32)],
  ['ipv4Ranges', z.number().int().min(1).max(8)],
  ['vpnName', z.string().min(1).max(LIMITS.name)],
  ['numberRegion', z.string().min(2).max(8)],
]);

/** An item's or a service's characteristics: name → scalar, bounded, and in range where known. */
export const Characteristics = z
  .record(
    z.string().min(1).max(LIMITS.characteristicName),
    z.union([z.string().max(LIMITS.characteristicText), z.number().finite(), z.boolean()]),
  )
  .superRefine((values, ctx) => {
    const names = Object.keys(values);
    if (names.length > LIMITS.characteristics)
      ctx.addIssue({ code: 'custom', message: `at most ${LIMITS.characteristics} characteristics`, input: names });
    for (const name of names) {
      // A Map, not an object: a characteristic named `toString` is a name, not a method.
      const known = KNOWN_CHARACTERISTICS.get(name);
      const checked = known?.safeParse(values[name]);
      for (const issue of checked && !checked.success ? checked.error.issues : [])
        ctx.addIssue({ code: 'custom', message: issue.message, path: [name], input: values[name] });
    }
  });
export type Characteristics = z.infer<typeof Characteristics>;

/** Why a payload is out of bounds (too big, a string too long, too deep), or null. */
export function payloadOutOfBounds(value: unknown): string | null {
  let size = 0;
  const walk = (v: unknown, depth: number, at: string): string | null => {
    if (depth > LIMITS.depth) return `${at}: nested deeper than ${LIMITS.depth}`;
    if (typeof v === 'string') {
      if (v.length > LIMITS.payloadString)
        return `${at}: a string of ${v.length} characters (${LIMITS.payloadString} at most)`;
      size += v.length + 2;
    } else if (Array.isArray(v)) {
      for (const [i, e] of v.entries()) {
        const out = walk(e, depth + 1, `${at}.${i}`);
        if (out) return out;
      }
      size += v.length + 2;
    } else if (v && typeof v === 'object') {
      for (const [k, e] of Object.entries(v)) {
        size += k.length + 4;
        const out = walk(e, depth + 1, `${at}.${k}`);
        if (out) return out;
      }
    } else size += 8;
    return size > LIMITS.payload ? `the payload passes ${LIMITS.payload} characters` : null;
  };
  return walk(value, 0, '(root)');
}
