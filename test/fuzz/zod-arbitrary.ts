import fc from 'fast-check';
import type { z } from 'zod';

/**
 * A fast-check arbitrary of the values a zod (v4) schema describes, read from the schema's own
 * definition: inputs that get past a contract's parse, so a fuzzer reaches the code behind it,
 * not only the parse. Every value is, with some probability, broken in one place (a field
 * replaced by arbitrary JSON, a bound crossed) so the edges of each field are probed too.
 * What it does not know (a refinement's rule, a transform) it approximates: a value it makes
 * may still be refused, which is fine for a fuzzer.
 */
export function arbitraryOf(schema: z.ZodType, opts: { breakRate?: number } = {}): fc.Arbitrary<unknown> {
  const breakRate = opts.breakRate ?? 0.1;
  return build(schema, breakRate, 0);
}

interface Check {
  check?: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
}

interface Def {
  type: string;
  checks?: Array<{ _zod: { def: Check } }>;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  getter?: () => z.ZodType;
  format?: string;
  pattern?: RegExp;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): Check[] => [
  ...(def.format ? [{ format: def.format, pattern: def.pattern } as Check] : []),
  ...(def.checks ?? []).map((c) => c._zod.def),
];

const json = fc.jsonValue({ maxDepth: 3 });
/** Values that break most fields: wrong types, edge numbers, long and odd strings. */
const hostile = fc.oneof(
  json,
  fc.constantFrom(null, undefined, -1, 0, -0, 1e308, -1e308, Number.NaN, '', ' ', '\u0000', '__proto__', [], {}),
  fc.string({ minLength: 300, maxLength: 5_000 }),
);

function withBreaks(arb: fc.Arbitrary<unknown>, breakRate: number): fc.Arbitrary<unknown> {
  if (breakRate <= 0) return arb;
  const weight = Math.max(1, Math.round(breakRate * 100));
  return fc.oneof({ arbitrary: arb, weight: 100 - weight }, { arbitrary: hostile, weight });
}

function stringOf(def: Def): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum ?? 0));
  const max = Math.min(300, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum ?? 300));
  const format = checks.find((c) => c.format);
  if (format?.format === 'datetime')
    return fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (format?.format === 'date')
    return fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (format?.format === 'url') return fc.webUrl();
  if (format?.format === 'email') return fc.emailAddress();
  if (format?.pattern) return fc.stringMatching(format.pattern, { maxLength: Math.max(max, 8) });
  return fc.string({ minLength: Math.min(min, max), maxLength: Math.max(min, Math.min(max, 40)) });
}

function numberOf(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const int = checks.some((c) => c.format === 'safeint' || c.format === 'int32' || c.format === 'uint32');
  const lows = checks.filter((c) => c.check === 'greater_than').map((c) => (c.value ?? 0) + (c.inclusive ? 0 : 1));
  const highs = checks.filter((c) => c.check === 'less_than').map((c) => (c.value ?? 0) - (c.inclusive ? 0 : 1));
  const min = lows.length ? Math.max(...lows) : -1_000_000;
  const max = highs.length ? Math.min(...highs) : 1_000_000;
  if (min > max) return fc.constant(min);
  return int
    ? fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 40))), max: Math.floor(Math.min(max, 2 ** 40)) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function build(schema: z.ZodType, breakRate: number, depth: number): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (s: z.ZodType) => build(s, breakRate, depth + 1);
  switch (def.type) {
    case 'string':
      return withBreaks(stringOf(def), breakRate);
    case 'number':
      return withBreaks(numberOf(def), breakRate);
    case 'int':
      return withBreaks(numberOf(def), breakRate);
    case 'boolean':
      return withBreaks(fc.boolean(), breakRate);
    case 'null':
      return fc.constant(null);
    case 'undefined':
    case 'void':
      return fc.constant(undefined);
    case 'literal':
      return withBreaks(fc.constantFrom(...(def.values ?? [null])), breakRate);
    case 'enum':
      return withBreaks(fc.constantFrom(...Object.values(def.entries ?? { x: 'x' })), breakRate);
    case 'optional':
      return fc.option(inner(def.innerType!), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(inner(def.innerType!), { nil: null, freq: 4 });
    case 'default':
    case 'prefault':
      return fc.option(inner(def.innerType!), { nil: undefined, freq: 3 });
    case 'catch':
    case 'readonly':
    case 'nonoptional':
    case 'success':
      return inner(def.innerType!);
    case 'pipe':
      return inner(def.in!);
    case 'lazy':
      return depth > 6 ? json : inner(def.getter!());
    case 'array': {
      const checks = checksOf(def);
      const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum ?? 0));
      const max = Math.min(5, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum ?? 5));
      return withBreaks(
        fc.array(inner(def.element!), { minLength: Math.min(min, 5), maxLength: Math.max(Math.min(min, 5), max) }),
        breakRate,
      );
    }
    case 'tuple':
      return fc.tuple(...(def.items ?? []).map(inner));
    case 'record':
      return withBreaks(fc.dictionary(stringOf(defOf(def.keyType!)), inner(def.valueType!), { maxKeys: 4 }), breakRate);
    case 'object': {
      const shape = def.shape ?? {};
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, inner(v)]));
      return withBreaks(
        fc.record(fields).map((o) =>
          // An optional field left undefined is left out, as JSON would.
          Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)),
        ),
        breakRate,
      );
    }
    case 'union':
      return fc.oneof(...(def.options ?? []).map(inner));
    case 'intersection':
      return fc
        .tuple(inner(def.left!), inner(def.right!))
        .map(([a, b]) => (a && b && typeof a === 'object' && typeof b === 'object' ? { ...a, ...b } : a));
    default:
      // unknown, any, custom, transform…: anything JSON.
      return json;
  }
}
