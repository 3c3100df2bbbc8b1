import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** An environment variable's name: where a token is read from, never the token itself. */
const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');

const Offering = z.object({
  productOfferingId: z.string().min(1),
  productCharacteristic: z
    .array(z.object({ name: z.string().min(1), value: z.union([z.string(), z.number(), z.boolean()]) }))
    .optional(),
});

/** One supplier reached over the TM Forum APIs (TMF622, TMF621, its hub): who we are there and how. */
const HttpSupplier = z
  .object({
    adapter: z.literal('http'),
    /** The supplier's address; its APIs are under /tmf-api/…. */
    baseUrl: z.url({ protocol: /^https?$/ }),
    /** The variable holding our bearer token at the supplier. */
    tokenEnv: EnvName,
    /** The variable holding the token the supplier presents on our listener; without it, its events are refused. */
    listenerTokenEnv: EnvName.optional(),
    /** Our listener's public address for this supplier, registered at its hubs when we first order or report. */
    listenerUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Our account at the supplier: the customer of our orders and tickets. */
    buyerId: z.string().min(1),
    /** Our resource specification → what the supplier sells for it. */
    offerings: z.record(z.string().min(1), Offering),
    /** Our region → the supplier's place id for it. */
    places: z.record(z.string(), z.string().min(1)).optional(),
    timeoutMs: z.number().int().positive().optional(),
  })
  .strict();

const SuppliersSchema = z.record(z.string().min(1), z.discriminatedUnion('adapter', [HttpSupplier]));

export type HttpSupplierEntry = z.infer<typeof HttpSupplier>;

/** A configured supplier with its tokens read from the environment (kept out of every log and message). */
export interface HttpSupplierConfig extends Omit<HttpSupplierEntry, 'tokenEnv' | 'listenerTokenEnv'> {
  supplierId: string;
  token: string;
  /** Undefined: the supplier has no token on our listener, so none of its events is taken. */
  listenerToken?: string;
}

/** Supplier id → its gateway; a supplier not named here is served by the simulator (the default). */
export type SuppliersConfig = Record<string, HttpSupplierConfig>;

/**
 * `ETOM_SUPPLIERS`: which gateway serves which supplier, as JSON or as the path of a JSON file.
 * Each token is read from the variable the entry names; a missing one fails here, by the
 * variable's name, rather than at the first order.
 */
export function loadSuppliers(
  value: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): SuppliersConfig {
  if (!value?.trim()) return {};
  const text = value.trim().startsWith('{') ? value : readFile(path.resolve(cwd, value.trim()));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`invalid ETOM_SUPPLIERS: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = SuppliersSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid ETOM_SUPPLIERS: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const token = (supplierId: string, field: string, name: string) => {
    const v = env[name];
    if (!v?.trim()) throw new Error(`invalid ETOM_SUPPLIERS: ${supplierId}.${field}: the variable ${name} is not set`);
    return v.trim();
  };
  return Object.fromEntries(
    Object.entries(parsed.data).map(([supplierId, { tokenEnv, listenerTokenEnv, ...rest }]) => [
      supplierId,
      {
        ...rest,
        supplierId,
        token: token(supplierId, 'tokenEnv', tokenEnv),
        ...(listenerTokenEnv ? { listenerToken: token(supplierId, 'listenerTokenEnv', listenerTokenEnv) } : {}),
      },
    ]),
  );
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`invalid ETOM_SUPPLIERS: neither JSON nor a readable file (${file})`);
  }
}
