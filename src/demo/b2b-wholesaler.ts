import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, portFree } from '../temporal/dev-server';
import { describeExit, spawnSupervised, type SupervisedChild } from '../runtime/supervised-child';

/** The TMF622 base path, as the wholesaler's API serves it. */
export const TMF622_BASE = '/tmf-api/productOrderingManagement/v4';

/**
 * What the two enterprises agreed on, kept in the retailer's data dir (mode 0600) so a second
 * run meets the wholesaler as the first left it: the same tokens, and our listener at the same
 * address, which the hub subscriptions of earlier runs still deliver to.
 */
export interface B2bAgreement {
  /** The retailer's token at the wholesaler's APIs (TMF622 and TMF621 only). */
  retailerToken: string;
  /** The token the wholesaler presents on the retailer's listener. */
  listenerToken: string;
  /** The wholesaler's own operator token (read): what this demo reads the wholesaler's flow with. */
  operatorToken: string;
  /** The wholesaler's own element manager's token (TMF642 write): what raises its network's alarms in the demo. */
  networkToken: string;
  /** The retailer's API port, where its listener is. */
  listenerPort: number;
}

const token = () => randomBytes(24).toString('base64url');

export async function loadAgreement(retailerDataDir: string): Promise<B2bAgreement> {
  const file = path.join(retailerDataDir, 'b2b-agreement.json');
  let kept: B2bAgreement | undefined;
  try {
    kept = JSON.parse(fs.readFileSync(file, 'utf8')) as B2bAgreement;
  } catch {
    // First run (or an unreadable file): a new agreement below.
  }
  // The listener's port again when it is still free, else another (earlier subscriptions then miss it).
  // An agreement kept before the fault was in the demo has no network token: one is added.
  if (kept?.networkToken && (await portFree(kept.listenerPort))) return kept;
  const free = kept && (await portFree(kept.listenerPort));
  const agreement = {
    retailerToken: kept?.retailerToken ?? token(),
    listenerToken: kept?.listenerToken ?? token(),
    operatorToken: kept?.operatorToken ?? token(),
    networkToken: kept?.networkToken ?? token(),
    listenerPort: free && kept ? kept.listenerPort : await freePort(),
  };
  fs.mkdirSync(retailerDataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(agreement), { mode: 0o600 });
  return agreement;
}

export interface RunningWholesaler {
  /** `http://127.0.0.1:<port>`: its APIs are under /tmf-api/…, its dashboard's under /dashboard/api. */
  address: string;
  dataDir: string;
  /** Its own operator's configuration (its data dir, its Temporal server): what `etom bill-cycle` runs with there. */
  operatorEnv: NodeJS.ProcessEnv;
  /** GET on the wholesaler's API with its operator token (read scope only). */
  read<T>(url: string): Promise<T>;
  stop(): Promise<void>;
}

/** What of this process's environment the wholesaler must not inherit: it is another enterprise. */
const NOT_INHERITED = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'ETOM_TASK_QUEUE_PREFIX',
  'ETOM_SUPPLIERS',
  'ETOM_CODEC_KEYS',
  'ETOM_API_TOKENS',
  'ETOM_METRICS_PORT',
  'ETOM_FAULT_RATE',
  'ETOM_FAULT_INJECTION',
];

/**
 * The wholesaler: `etom dev --timings demo` in a process of its own, with its own data dir, its
 * own Temporal dev server and its own API port. The retailer reaches it only through its APIs;
 * the two tokens it accepts come through its environment, never its command line. It dies with
 * this process (the supervised child's watchdog), and `stop()` drains it as Ctrl-C would.
 */
export async function startWholesaler(opts: {
  retailerDataDir: string;
  agreement: B2bAgreement;
  log: (line: string) => void;
  /** How long its start may take (its server, its workers' bundle; a cold cache builds the CLI): 15 minutes by default. */
  readyWithinMs?: number;
}): Promise<RunningWholesaler> {
  const dataDir = path.join(opts.retailerDataDir, 'wholesaler');
  fs.mkdirSync(dataDir, { recursive: true });
  const [apiPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of NOT_INHERITED) delete env[name];
  const scopes = [
    'productOrderingManagement:read',
    'productOrderingManagement:write',
    'troubleTicket:read',
    'troubleTicket:write',
    // Its bills to us, for the month's settlement (TMF678 is read-only to a customer).
    'customerBillManagement:read',
  ];
  Object.assign(env, {
    ETOM_DATA_DIR: dataDir,
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    ETOM_API_HOST: '127.0.0.1',
    ETOM_API_PORT: String(apiPort),
    ETOM_API_TOKENS: [
      `${opts.agreement.retailerToken}=${scopes.join(',')}`,
      `${opts.agreement.operatorToken}=read`,
      `${opts.agreement.networkToken}=alarm:write`,
    ].join(' '),
  });
  const bin = path.resolve(__dirname, '../../bin/etom.cjs');
  opts.log(`starting the wholesaler: etom dev --timings demo (data dir ${dataDir}, API port ${apiPort})`);
  // What it says, prefixed: its start (a cold cache builds Temporal's CLI first) and its stop.
  const child = spawnSupervised(process.execPath, [bin, 'dev', '--timings', 'demo'], {
    env,
    onStderrLine: (line) => opts.log(`[wholesaler] ${line.trim()}`),
  });
  const address = `http://127.0.0.1:${apiPort}`;

  const read = async <T>(url: string): Promise<T> => {
    const res = await fetch(`${address}${url}`, {
      headers: { authorization: `Bearer ${opts.agreement.operatorToken}` },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`the wholesaler answered ${res.status} to GET ${url}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
  const stop = async () => {
    const exit = await child.stop();
    opts.log(`wholesaler stopped (${describeExit(exit)})`);
  };

  try {
    await untilReady(child, () => read(`${TMF622_BASE}/productOrder?limit=1`), opts.readyWithinMs ?? 900_000);
  } catch (err) {
    await child.stop(5_000);
    throw err;
  }
  opts.log(`wholesaler ready: ${address}${TMF622_BASE}/`);
  const operatorEnv = { ETOM_DATA_DIR: dataDir, TEMPORAL_PORT: String(temporalPort) };
  return { address, dataDir, operatorEnv, read, stop };
}

/** Polls its API until it answers; a child that exits first ends the wait with its last words. */
async function untilReady(child: SupervisedChild, probe: () => Promise<unknown>, withinMs: number): Promise<void> {
  let exited: string | undefined;
  void child.exited.then((e) => (exited = describeExit(e)));
  const until = Date.now() + withinMs;
  for (;;) {
    if (exited)
      throw new Error(
        `the wholesaler exited (${exited}) before it was ready: ${child.stderrTail().slice(-3).join(' | ')}`,
      );
    try {
      await probe();
      return;
    } catch (err) {
      if (Date.now() > until)
        throw new Error(
          `the wholesaler was not ready within ${withinMs / 1000} s: ${err instanceof Error ? err.message : String(err)}`,
        );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
