import fs from 'node:fs';
import path from 'node:path';
import { Connection, WorkflowNotFoundError } from '@temporalio/client';
import { projectClient } from '../temporal/connect';
import { type EtomConfig, loadConfig } from '../config';
import { lockDataDir } from '../runtime/data-dir-lock';
import { type RunningTemporal, startTemporal } from '../temporal/dev-server';
import { installTemporalRuntime } from '../temporal/runtime';
import { buildTrace } from '../trace/build';
import { type EnterprisesTrace, mergeEnterprises, partnerOrdersOf } from '../trace/enterprises';
import type { Trace } from '../trace/model';
import { fetchPartnerTrace, PartnerTraceError } from '../trace/partner';
import { clientSource } from '../trace/history';
import { renderMermaid } from '../trace/mermaid';
import { renderSvg } from '../trace/svg';
import { renderText } from '../trace/text';
import { UsageError, parse } from './args';

const FORMATS = ['text', 'mermaid', 'svg'] as const;

/** Where `--partner` finds the token the partner gave us (read scope): never on the command line. */
export const PARTNER_TOKEN_ENV = 'ETOM_PARTNER_TOKEN';

/**
 * `etom trace <workflowId> [--format text|mermaid|svg] [--json] [--run RUN_ID] [--partner URL]`: the flow a
 * workflow ran, read from the histories of its whole tree, on the cluster `etom api` uses
 * (TEMPORAL_ADDRESS, else the local `etom dev` server; when that is not running, the data dir's
 * own Temporal database, through a server started just long enough to read it). With
 * `--partner <apiUrl>`, the flow a partner enterprise ran for one of its partner orders, read
 * through the partner's API with the token in ETOM_PARTNER_TOKEN, drawn beside ours.
 */
export async function runTrace(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    { format: { type: 'string' }, json: { type: 'boolean' }, run: { type: 'string' }, partner: { type: 'string' } },
    true,
  );
  const [workflowId, ...rest] = positionals;
  if (!workflowId || rest.length > 0) throw new UsageError('trace takes one workflow id (e.g. ORD-261129032727-VPN)');
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got '${format}')`);
  installTemporalRuntime();
  const cfg = loadConfig();
  const partnerToken = process.env[PARTNER_TOKEN_ENV] ?? agreedToken(cfg.dataDir);
  if (values.partner !== undefined && !partnerToken)
    throw new UsageError(`--partner needs the token the partner gave you in ${PARTNER_TOKEN_ENV}`);
  const { connection, address, stop } = await connect(cfg);
  try {
    const client = projectClient(connection, cfg);
    const own = await buildTrace(clientSource(client), workflowId, { runId: values.run }).catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError)
        throw new Error(`no workflow ${err.workflowId} in namespace ${cfg.namespace} at ${address}`);
      throw err;
    });
    const trace = values.partner ? await withPartner(own, values.partner, partnerToken!) : own;
    if (values.json) process.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
    else if (format === 'svg') process.stdout.write(await renderSvg(trace));
    else process.stdout.write(format === 'mermaid' ? renderMermaid(trace) : renderText(trace));
  } finally {
    await connection.close();
    await stop();
  }
  return 0;
}

/**
 * After `etom demo b2b`, the read token the wholesaler gave the retailer, from the agreement the
 * demo keeps in the data dir (mode 0600): `--partner` then needs no ETOM_PARTNER_TOKEN.
 */
function agreedToken(dataDir: string): string | undefined {
  try {
    const kept = JSON.parse(fs.readFileSync(path.join(dataDir, 'b2b-agreement.json'), 'utf8')) as {
      operatorToken?: unknown;
    };
    return typeof kept.operatorToken === 'string' ? kept.operatorToken : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Our flow and the partner's flow for the first of our partner orders the partner holds (an
 * order placed with another supplier is not found there): the two enterprises side by side.
 */
async function withPartner(ours: Trace, apiUrl: string, token: string): Promise<EnterprisesTrace> {
  const links = partnerOrdersOf(ours);
  if (links.length === 0) throw new Error(`the flow ${ours.rootWorkflowId} placed no partner order`);
  for (const link of links) {
    const theirs = await fetchPartnerTrace(apiUrl, token, link.supplierOrderWorkflowId).catch((err: unknown) => {
      if (err instanceof PartnerTraceError && err.reason === 'notFound') return null;
      throw err;
    });
    if (theirs) return mergeEnterprises({ name: 'retailer', trace: ours }, { name: 'wholesaler', trace: theirs }, link);
  }
  throw new Error(
    `the partner at ${apiUrl} holds none of the flow's partner orders (${links.map((l) => l.supplierOrderWorkflowId).join(', ')})`,
  );
}

/** The cluster, the running `etom dev` server, or else a server of its own on the data dir's database. */
async function connect(
  cfg: EtomConfig,
): Promise<{ connection: Connection; address: string; stop: () => Promise<void> }> {
  const address = cfg.temporalAddress ?? `localhost:${cfg.temporalPort}`;
  const none = async () => undefined;
  const reached = await Connection.connect({ address, connectTimeout: '3 seconds' }).catch(
    (err: unknown) => err as Error,
  );
  if (reached instanceof Connection) return { connection: reached, address, stop: none };
  const dbFile = path.join(cfg.dataDir, 'temporal.db');
  if (cfg.temporalAddress || !fs.existsSync(dbFile))
    throw new Error(
      `cannot reach Temporal at ${address} (start \`etom dev\` or set TEMPORAL_ADDRESS): ${reached.message}`,
    );
  process.stderr.write(`no Temporal server at ${address}: reading ${dbFile} through a server started for this trace\n`);
  const release = lockDataDir(cfg.dataDir);
  let server: RunningTemporal | undefined;
  const stop = async () => {
    await server?.stop();
    release();
  };
  try {
    server = await startTemporal({ ...cfg, temporalPort: 0 }, { dbFile, ui: false });
    return { connection: await Connection.connect({ address: server.address }), address: server.address, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
