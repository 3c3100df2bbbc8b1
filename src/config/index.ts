import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { CodecKey } from '../temporal/codec';
import { loadCodecKeys } from '../temporal/codec-keys';
import { loadSuppliers, type SuppliersConfig } from './suppliers';

/**
 * Everything the project reads from the environment, in one place, validated once.
 * A bad value fails fast with the variable's name rather than deep inside a worker.
 */
const EnvSchema = z.object({
  /** An existing Temporal cluster (host:port). When set, nothing is started locally. */
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** A `temporal` CLI binary to run the dev server with, instead of looking one up. */
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  /** Port of the local dev server's frontend and of its Web UI. */
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /** Where the SQLite store and the dev server's database live (inside the clone, ignored by git). */
  ETOM_DATA_DIR: z.string().min(1).optional(),
  /** Where provisioned binaries are cached, outside the repository and shared by all clones. */
  ETOM_CACHE_DIR: z.string().min(1).optional(),
  /** Prefix of the four layer task queues, so several deployments can share one namespace. */
  ETOM_TASK_QUEUE_PREFIX: z.string().min(1).default('etom'),
  /** Chaos (#16): the share of adapter calls that fail transiently; honoured only with ETOM_FAULT_INJECTION=1. */
  ETOM_FAULT_RATE: z.coerce.number().min(0).lt(1).default(0),
  ETOM_FAULT_INJECTION: z.string().optional(),
  /** Share of those failures that come after the call, its write done and its answer lost (default 0). */
  ETOM_FAULT_AFTER: z.coerce.number().min(0).max(1).default(0),
  /** Payload encryption keys (#16), `id:base64key,…` (the first seals) or `@file`; else `<data dir>/codec-keys`, else off. */
  ETOM_CODEC_KEYS: z.string().min(1).optional(),
  /** Which gateway serves which supplier (#15), JSON or a file path; a supplier not named is simulated. */
  ETOM_SUPPLIERS: z.string().optional(),
  /**
   * Workflows a worker process keeps cached (#14, P4), shared evenly by the layer workers it runs
   * (each one's `maxCachedWorkflows`). Memory grows with it: about 270 KB of RSS per cached
   * workflow (`bench waiting`). One evicted is replayed from its history at its next task. 0: none.
   */
  ETOM_WORKER_CACHE: z.coerce.number().int().min(0).default(2000),
  /** The enterprise store on a PostgreSQL server (#14), `postgres://user:password@host:port/db`; unset: SQLite in the data dir. */
  ETOM_STORE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (unset it for the SQLite store in the data dir)')
    .optional(),
});

export type EtomEnv = z.infer<typeof EnvSchema>;

export interface EtomConfig {
  temporalAddress?: string;
  namespace: string;
  temporalCliPath?: string;
  temporalPort: number;
  temporalUiPort: number;
  dataDir: string;
  cacheDir: string;
  taskQueuePrefix: string;
  /** Share of adapter calls the workers' fault injector fails (0: off, the default). */
  faultRate: number;
  /** Share of the injected faults that come after the call (the idempotency keys' test). */
  faultAfterShare: number;
  /** The payload codec's keys, the sealing one first; undefined: payloads stay plain JSON (the default). */
  codecKeys?: readonly CodecKey[];
  /** The suppliers served over HTTP, by id (src/config/suppliers.ts); empty: all simulated. */
  suppliers: SuppliersConfig;
  /** The enterprise store's PostgreSQL URL (ETOM_STORE_URL); undefined: the SQLite file in the data dir. */
  storeUrl?: string;
  /** Workflows a worker process keeps cached, all its layers together (ETOM_WORKER_CACHE). */
  workerCache: number;
}

/** A store URL fit for a log line: its password replaced. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): EtomConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  // Faults on purpose need two variables, so a stray ETOM_FAULT_RATE can never reach `etom dev` unnoticed.
  if (e.ETOM_FAULT_RATE > 0 && e.ETOM_FAULT_INJECTION !== '1')
    throw new Error('ETOM_FAULT_RATE makes adapter calls fail on purpose: set ETOM_FAULT_INJECTION=1 too, or unset it');
  const dataDir = path.resolve(cwd, e.ETOM_DATA_DIR ?? '.data');
  const xdgCache = env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
  return {
    temporalAddress: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    temporalCliPath: e.TEMPORAL_CLI_PATH,
    temporalPort: e.TEMPORAL_PORT,
    temporalUiPort: e.TEMPORAL_UI_PORT,
    dataDir,
    cacheDir: path.resolve(e.ETOM_CACHE_DIR ?? path.join(xdgCache, 'etom-temporal')),
    taskQueuePrefix: e.ETOM_TASK_QUEUE_PREFIX,
    faultRate: e.ETOM_FAULT_RATE,
    faultAfterShare: e.ETOM_FAULT_AFTER,
    codecKeys: loadCodecKeys(e.ETOM_CODEC_KEYS, dataDir),
    suppliers: loadSuppliers(e.ETOM_SUPPLIERS, env, cwd),
    ...(e.ETOM_STORE_URL ? { storeUrl: e.ETOM_STORE_URL } : {}),
    workerCache: e.ETOM_WORKER_CACHE,
  };
}
