import fc from 'fast-check';

/** A JSON Schema (draft-04, as the TMF Swagger files write it), as far as the generator reads it. */
interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
}

/**
 * A fast-check arbitrary of bodies a TMF specification's definition describes (its required
 * attributes always, the others at random, references followed a few levels deep), each broken
 * in places with some probability, so a fuzzer gets past the specification's check to the code
 * behind it and probes its edges too. The schemas are read from the published file, never copied.
 */
export function bodyOf(
  definitions: Record<string, Schema>,
  definition: string,
  opts: { breakRate?: number } = {},
): fc.Arbitrary<unknown> {
  const breakRate = opts.breakRate ?? 0.05;
  const hostile = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(null, -1, 0, 1e21, '', '\u0000', 'x'.repeat(5_000), [], {}),
  );
  const broken = (arb: fc.Arbitrary<unknown>) =>
    breakRate <= 0
      ? arb
      : fc.oneof(
          { arbitrary: arb, weight: Math.round((1 - breakRate) * 100) },
          { arbitrary: hostile, weight: Math.max(1, Math.round(breakRate * 100)) },
        );

  const build = (schema: Schema, depth: number): fc.Arbitrary<unknown> => {
    if (schema.$ref) {
      const name = schema.$ref.replace('#/definitions/', '');
      const target = definitions[name];
      // A value type (an enum, a string) is always followed; an entity only a few levels deep.
      if (target && (!target.properties || depth < 6)) return build(target, depth + 1);
      return fc.constant({});
    }
    if (schema.allOf) {
      return fc
        .tuple(...schema.allOf.map((s) => build(s, depth)))
        .map((parts) => Object.assign({}, ...parts.filter((p) => p && typeof p === 'object' && !Array.isArray(p))));
    }
    if (schema.enum) return broken(fc.constantFrom(...schema.enum));
    switch (schema.type) {
      case 'string':
        if (schema.format === 'date-time')
          return broken(
            fc
              .date({
                min: new Date('2000-01-01T00:00:00Z'),
                max: new Date('2100-01-01T00:00:00Z'),
                noInvalidDate: true,
              })
              .map((d) => d.toISOString()),
          );
        if (schema.format === 'uri') return broken(fc.webUrl());
        return broken(
          fc.oneof(
            { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
            // Values this operator's catalog and store know, so bodies reach past "unknown".
            {
              arbitrary: fc.constantFrom(
                'PO-FIBRE-BIZ',
                'PO-VPN-BIZ',
                'PAR',
                'MRS',
                'CUST-1001',
                'CUST-1002',
                'Customer',
                'SVC-PAR-FIBRE-1',
                'http://127.0.0.1:9/listener',
              ),
              weight: 3,
            },
          ),
        );
      case 'integer':
        return broken(fc.integer({ min: schema.minimum ?? -5, max: schema.maximum ?? 5_000 }));
      case 'number':
        return broken(fc.double({ min: -1e6, max: 1e6, noNaN: true }));
      case 'boolean':
        return broken(fc.boolean());
      case 'array':
        return broken(
          fc.array(schema.items ? build(schema.items, depth + 1) : fc.jsonValue({ maxDepth: 1 }), {
            minLength: schema.minItems ?? 0,
            maxLength: Math.max(schema.minItems ?? 0, 3),
          }),
        );
      default: {
        const properties = schema.properties ?? {};
        const required = new Set(schema.required ?? []);
        const fields = Object.fromEntries(
          Object.entries(properties)
            // Deep optional attributes only make the bodies big: left out past a level or two.
            .filter(([k]) => required.has(k) || depth < 3)
            .map(([k, s]) => [
              k,
              required.has(k) ? build(s, depth + 1) : fc.option(build(s, depth + 1), { nil: undefined, freq: 2 }),
            ]),
        );
        return broken(
          fc.record(fields).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))),
        );
      }
    }
  };
  return build({ $ref: `#/definitions/${definition}` }, 0);
}
