/**
 * The last module the workflow bundle preloads (src/temporal/bundle.ts): it freezes the modules
 * preloaded before it, as the SDK is about to, in a way zod 4's schemas survive.
 *
 * Why: with the reusable V8 context, a module that is not preloaded is evaluated again for every
 * workflow the worker caches. For this project's graph (the workflows, the contracts of
 * src/domain, zod) that was ~2.4 MB of heap per cached workflow (bench/README.md, "Open and
 * waiting"). Preloaded, the graph is evaluated once; then the SDK deep-freezes every object it
 * reaches from the preloaded modules' exports, so that no workflow can leave state there for
 * another. zod 4 does not work on objects frozen that way:
 *
 * - a schema's methods (`safeParse`, `optional`…) live on its prototype and become the
 *   instance's own bound functions on first read, which a frozen instance refuses;
 * - its internals (`_zod`) compute and memoize on first use, the same way;
 * - a regex check sets its pattern's `lastIndex` to 0 before each test, which a frozen RegExp
 *   refuses (zod's own patterns, such as the e-mail one, are exports of zod).
 *
 * So this module does the SDK's walk first (own properties, getters read, a function frozen but
 * not entered), with two exceptions:
 *
 * - a schema: every member of its prototype chain is read once (each becomes its own), then the
 *   schema is frozen, shallowly. What stays writable is its `_zod`: zod's memo of what it derives
 *   from the schema's definition, the same for every workflow. zod's API builds a new schema
 *   rather than changing one, so a workflow has nowhere in a shared schema to keep state.
 * - a RegExp is not frozen. Its only state is `lastIndex`, which a non-global pattern does not
 *   carry from one test to the next, and which zod resets before each.
 *
 * The SDK's freeze does not enter an object already frozen, so it leaves both as they are.
 * Runs once per worker, before any workflow exists; it emits no command.
 */

// Webpack's name, compiled into its runtime: every module of the bundle by id. `require.cache`
// is webpack's module cache, which the SDK answers from its shared modules while no workflow is
// loaded.
declare const __webpack_modules__: Record<string, unknown>;

/** Freezes the exports of every module loaded so far; returns how many schemas it readied. */
export function freezeSharedModules(): number {
  const cache = require.cache as Record<string, { exports?: unknown } | undefined>;
  const walk = { seen: new WeakSet<object>(), schemas: 0 };
  for (const id of Object.keys(__webpack_modules__)) {
    const loaded = cache[id];
    if (loaded) freeze(loaded.exports, walk);
  }
  return walk.schemas;
}

function freeze(value: unknown, walk: { seen: WeakSet<object>; schemas: number }): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
  if (walk.seen.has(value) || Object.isFrozen(value)) return;
  walk.seen.add(value);
  if (typeof value === 'function') {
    Object.freeze(value);
    return;
  }
  if (value instanceof RegExp) return;
  if (isSchema(value)) {
    materialize(value);
    Object.freeze(value);
    walk.schemas++;
    return;
  }
  for (const key of Reflect.ownKeys(value)) {
    try {
      freeze((value as Record<PropertyKey, unknown>)[key], walk);
    } catch {
      // As the SDK's walk: a getter that throws, or what cannot be frozen (a typed array), is left.
    }
  }
  Object.freeze(value);
}

function isSchema(value: object): boolean {
  return '_zod' in value && typeof (value as { _zod: unknown })._zod === 'object';
}

// Reading a prototype member makes it the instance's own (a bound method, a derived value).
function materialize(schema: object): void {
  for (
    let p = Object.getPrototypeOf(schema) as object | null;
    p && p !== Object.prototype;
    p = Object.getPrototypeOf(p)
  ) {
    for (const key of Reflect.ownKeys(p)) {
      if (key === 'constructor' || !Object.getOwnPropertyDescriptor(p, key)?.get) continue;
      try {
        void (schema as Record<PropertyKey, unknown>)[key];
      } catch {
        // Not derivable for this schema: zod throws the same error on a later read, before writing.
      }
    }
  }
}

freezeSharedModules();
