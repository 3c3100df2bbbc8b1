/**
 * Records one history per workflow type from real runs of the flows, into test/histories/,
 * for the replay test. Run after a deliberate change to workflow code (and say so in the
 * commit): `npx tsx scripts/record-histories.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '../src/config';
import { runFulfilmentDemo } from '../src/demo/fulfilment';
import { runSmokeDemo } from '../src/demo/smoke';
import { withEmbeddedRuntime } from '../src/runtime/embedded';

const out = path.resolve(__dirname, '../test/histories');

async function saveTree(client: Client, workflowId: string, saved: Set<string>, runId?: string): Promise<void> {
  const handle = client.workflow.getHandle(workflowId, runId);
  const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
  if (!saved.has(description.type)) {
    saved.add(description.type);
    // Binary protobuf: exact, and free of the JSON converter's protobufjs version clash.
    // The workflow id is part of the file name: replay must run under the id the history had.
    const file = `${description.type}__${encodeURIComponent(workflowId)}.binpb`;
    fs.writeFileSync(path.join(out, file), temporal.api.history.v1.History.encode(history).finish());
  }
  for (const e of history.events ?? []) {
    const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (child?.workflowId) await saveTree(client, child.workflowId, saved, child.runId ?? undefined);
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'etom-record-'));
  const cfg = {
    ...loadConfig({ ...process.env, ETOM_DATA_DIR: dataDir, TEMPORAL_PORT: '17233', TEMPORAL_UI_PORT: '18233' }),
  };
  const report = { step: (l: string) => process.stderr.write(`  ${l}\n`) };
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  await withEmbeddedRuntime(cfg, { ui: false }, async (rt) => {
    const saved = new Set<string>();
    const smoke = await runSmokeDemo(rt, report);
    await saveTree(rt.client, smoke.workflowId, saved);
    const fulfilment = await runFulfilmentDemo(rt, report);
    for (const o of fulfilment.orders) await saveTree(rt.client, o.workflowId, saved);
    process.stderr.write(`recorded: ${[...saved].sort().join(', ')}\n`);
  });
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
