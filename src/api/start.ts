import type { Client } from '@temporalio/client';
import { DEMO_ASSURANCE_TIMINGS } from '../domain/assurance/timings';
import { DEMO_TIMINGS } from '../domain/fulfilment/timings';
import type { Ports } from '../ports';
import { loadApiConfig } from './config';
import { createApiServer, listen } from './server';
import { defaultToken, loadTokens, parseTokens } from './tokens';

export const API_TIMINGS = ['standard', 'demo'] as const;
export type ApiTimings = (typeof API_TIMINGS)[number];

/** The demo's assurance waits, but a person at the API has two minutes to confirm a repair. */
const BY_HAND_ASSURANCE_TIMINGS = { ...DEMO_ASSURANCE_TIMINGS, satisfactionWait: '2 minutes' };

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
  /**
   * The waits of what the API starts: `standard` (production: days for a customer's answer) or
   * `demo` (seconds, as `etom demo` runs them), so someone at the APIs can run the demos by hand.
   */
  timings?: ApiTimings;
  /** The Temporal Web UI, for the dashboard's links to each workflow. */
  webUiUrl?: string;
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
    ...(opts.timings === 'demo' ? { orderTimings: DEMO_TIMINGS, assuranceTimings: BY_HAND_ASSURANCE_TIMINGS } : {}),
    logger: { level: 'warn' },
    ...(opts.webUiUrl ? { webUiUrl: opts.webUiUrl } : {}),
  });
  const address = await listen(server, cfg.host, cfg.port);
  return {
    address,
    bases: Object.values(server.specs).map((s) => `${address}${s.basePath}/`),
    ...(made ? { token: { value: made.token, file: made.file } } : {}),
    close: () => server.app.close(),
  };
}
