import path from 'node:path';
import { z } from 'zod';

/**
 * What the northbound API reads from the environment. The server holds no state of its own
 * (a Temporal client and the store's ports), so several can run behind one load balancer.
 */
const ApiEnv = z.object({
  ETOM_API_HOST: z.string().min(1).default('127.0.0.1'),
  ETOM_API_PORT: z.coerce.number().int().min(0).max(65535).default(8622),
  /** The official TMF specifications the API follows, validated against, never copied. */
  ETOM_TMF_DIR: z.string().min(1).optional(),
  /** Bearer tokens and their scopes (`token=read,write`), or `@file` / an absolute path naming a file of them. */
  ETOM_API_TOKENS: z.string().min(1).optional(),
});

export interface ApiConfig {
  host: string;
  port: number;
  tmfDir: string;
  tokens: string | undefined;
}

/** The repository root: src/api/ is two levels below it. */
const REPO = path.resolve(__dirname, '..', '..');

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = ApiEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    host: e.ETOM_API_HOST,
    port: e.ETOM_API_PORT,
    tmfDir: path.resolve(e.ETOM_TMF_DIR ?? path.join(REPO, '..', 'shared', 'tmf')),
    tokens: e.ETOM_API_TOKENS,
  };
}
