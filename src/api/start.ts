import type { Client } from '@temporalio/client';
import type { Ports } from '../ports';
import { loadApiConfig } from './config';
import { createApiServer, listen } from './server';
import { defaultToken, loadTokens, parseTokens } from './tokens';

export interface RunningApi {
  /** `http://127.0.0.1:8622` */
  address: string;
  /** Each API's base address. */
  bases: string[];
  /** The default token, when it was made or read from the data directory (never from ETOM_API_TOKENS). */
  token?: { value: string; file: string };
  close(): Promise<void>;
}

/**
 * Starts the API server as `etom dev` and `etom api` run it: ETOM_API_HOST/PORT, the tokens of
 * ETOM_API_TOKENS or else the data directory's default token (made on first start).
 */
export async function startApi(opts: {
  client: Client;
  ports: Ports;
  dataDir: string;
  taskQueuePrefix: string;
  env?: NodeJS.ProcessEnv;
}): Promise<RunningApi> {
  const cfg = loadApiConfig(opts.env);
  const made = cfg.tokens ? undefined : defaultToken(opts.dataDir);
  const tokens = cfg.tokens ? loadTokens(cfg.tokens) : parseTokens(made!.token);
  const server = await createApiServer({
    client: opts.client,
    ports: opts.ports,
    tokens,
    tmfDir: cfg.tmfDir,
    taskQueuePrefix: opts.taskQueuePrefix,
    logger: { level: 'warn' },
  });
  const address = await listen(server, cfg.host, cfg.port);
  return {
    address,
    bases: Object.values(server.specs).map((s) => `${address}${s.basePath}/`),
    ...(made ? { token: { value: made.token, file: made.file } } : {}),
    close: () => server.app.close(),
  };
}
