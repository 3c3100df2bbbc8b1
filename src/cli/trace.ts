import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { loadConfig } from '../config';
import { installTemporalRuntime } from '../temporal/runtime';
import { buildTrace } from '../trace/build';
import { clientSource } from '../trace/history';
import { renderMermaid } from '../trace/mermaid';
import { renderText } from '../trace/text';
import { UsageError, parse } from './args';

const FORMATS = ['text', 'mermaid'] as const;

/**
 * `etom trace <workflowId> [--format text|mermaid] [--json] [--run RUN_ID]`: the flow a
 * workflow ran, read from the histories of its whole tree, on the cluster `etom api` uses
 * (TEMPORAL_ADDRESS, else the local `etom dev` server).
 */
export async function runTrace(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    { format: { type: 'string' }, json: { type: 'boolean' }, run: { type: 'string' } },
    true,
  );
  const [workflowId, ...rest] = positionals;
  if (!workflowId || rest.length > 0) throw new UsageError('trace takes one workflow id (e.g. ORD-261129032727-VPN)');
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got '${format}')`);
  installTemporalRuntime();
  const cfg = loadConfig();
  const address = cfg.temporalAddress ?? `localhost:${cfg.temporalPort}`;
  const connection = await Connection.connect({ address }).catch((err: unknown) => {
    throw new Error(`cannot reach Temporal at ${address} (start \`etom dev\` or set TEMPORAL_ADDRESS): ${String(err)}`);
  });
  try {
    const client = new Client({ connection, namespace: cfg.namespace });
    const trace = await buildTrace(clientSource(client), workflowId, { runId: values.run }).catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError)
        throw new Error(`no workflow ${err.workflowId} in namespace ${cfg.namespace} at ${address}`);
      throw err;
    });
    if (values.json) process.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
    else process.stdout.write(format === 'mermaid' ? renderMermaid(trace) : renderText(trace));
  } finally {
    await connection.close();
  }
  return 0;
}
